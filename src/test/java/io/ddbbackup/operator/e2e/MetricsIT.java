package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** After a real backup, /metrics tells the same story as the schedule's status. */
class MetricsIT extends E2eEnvironment {

  /** The value of one series line whose labels include all of {@code labels}. */
  static Optional<Double> value(String scrape, String series, String... labels) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(series + "{"))
        .filter(
            l -> {
              for (String label : labels) {
                if (!l.contains(label)) {
                  return false;
                }
              }
              return true;
            })
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  @Test
  void aBackupShowsUpInTheScheduleSeriesAndTheAwsLatencyHistogram() {
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 * * *"
        immediate: true
        """);
    var done =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(60),
            "the immediate backup AVAILABLE",
            s ->
                s.getStatus() != null
                    && "AVAILABLE".equals(s.getStatus().getLastBackupStatus())
                    && isReady(s, "True", "Scheduled"));
    String[] schedule = {"namespace=\"" + ns + "\"", "name=\"nightly\"", "table=\"orders\""};

    String scrape = operator.scrapeMetrics();

    assertThat(value(scrape, "ddbbackup_backups_taken_total", schedule)).contains(1.0);
    assertThat(value(scrape, "ddbbackup_schedule_backups", schedule)).contains(1.0);
    assertThat(value(scrape, "ddbbackup_schedule_ready", schedule)).contains(1.0);
    assertThat(value(scrape, "ddbbackup_schedule_overdue", schedule)).contains(0.0);
    double lastSuccess =
        Instant.parse(done.getStatus().getLastSuccessfulTime()).toEpochMilli() / 1000.0;
    assertThat(value(scrape, "ddbbackup_schedule_last_success_timestamp_seconds", schedule))
        .hasValueSatisfying(v -> assertThat(v).isBetween(lastSuccess - 1, lastSuccess + 1));
    assertThat(
            value(
                scrape,
                "ddbbackup_aws_call_duration_seconds_count",
                "operation=\"CreateBackup\"",
                "outcome=\"success\""))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
    assertThat(scrape).contains("operator_sdk_", "jvm_memory_used_bytes");
  }

  @Test
  void theSeriesOfADeletedScheduleDisappear() {
    apply(
        "short-lived",
        """
        tableName: orders
        schedule: "0 3 * * *"
        """);
    awaitSchedule(
        "short-lived", Duration.ofSeconds(30), "Ready", s -> isReady(s, "True", "Scheduled"));
    String[] schedule = {"namespace=\"" + ns + "\"", "name=\"short-lived\""};
    assertThat(value(operator.scrapeMetrics(), "ddbbackup_schedule_ready", schedule)).isPresent();

    cluster.schedules().inNamespace(ns).withName("short-lived").delete();

    await("series of the deleted schedule gone")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> value(operator.scrapeMetrics(), "ddbbackup_schedule_ready", schedule).isEmpty());
  }
}
