package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.reconciler.ScheduleMetrics.Key;
import io.ddbbackup.operator.reconciler.ScheduleMetrics.Observation;
import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MicrometerScheduleMetricsTest {

  static final Key ORDERS = new Key("shop", "orders-nightly", "orders");
  static final CronSchedule NIGHTLY =
      CronSchedule.parse("0 3 * * *", "UTC").validSchedule().orElseThrow();
  static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T03:10:00Z"));
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final MicrometerScheduleMetrics metrics =
      new MicrometerScheduleMetrics(registry, clock, Duration.ofMinutes(30));

  private String series(String name) {
    return registry.scrape().lines().filter(l -> l.startsWith(name + "{")).findFirst().orElse("");
  }

  private void observeLastSuccess(Instant lastSuccess) {
    metrics.observed(
        ORDERS,
        new Observation(
            NIGHTLY, false, CREATED, lastSuccess, Instant.parse("2026-03-03T03:00:00Z"), 3, true));
  }

  @Test
  void aScheduleExposesItsStateAsPrometheusSeriesWithNamespaceNameAndTable() {
    observeLastSuccess(Instant.parse("2026-03-02T03:00:05Z"));
    metrics.backupCreated(ORDERS);

    assertThat(series("ddbbackup_schedule_last_success_timestamp_seconds"))
        .contains("namespace=\"shop\"", "name=\"orders-nightly\"", "table=\"orders\"")
        .endsWith(" 1.772420405E9");
    assertThat(series("ddbbackup_schedule_backups")).endsWith(" 3.0");
    assertThat(series("ddbbackup_schedule_ready")).endsWith(" 1.0");
    assertThat(registry.scrape()).contains("ddbbackup_backups_taken_total{");
    assertThat(series("ddbbackup_backups_taken_total")).endsWith(" 1.0");
  }

  @Test
  void aSlotWithoutABackupBecomesOverdueOnlyAfterTheGracePeriodWithoutAnyReconcile() {
    observeLastSuccess(Instant.parse("2026-03-02T03:00:05Z"));
    assertThat(series("ddbbackup_schedule_overdue")).endsWith(" 0.0");

    clock.set(Instant.parse("2026-03-03T03:29:00Z"));
    assertThat(series("ddbbackup_schedule_overdue")).endsWith(" 0.0");

    clock.set(Instant.parse("2026-03-03T03:31:00Z"));
    assertThat(series("ddbbackup_schedule_overdue")).endsWith(" 1.0");
  }

  @Test
  void aScheduleCreatedAfterItsLastSlotIsNotOverdue() {
    metrics.observed(
        ORDERS,
        new Observation(
            NIGHTLY, false, Instant.parse("2026-03-02T03:05:00Z"), null, null, null, true));
    clock.set(Instant.parse("2026-03-02T05:00:00Z"));

    assertThat(series("ddbbackup_schedule_overdue")).endsWith(" 0.0");
  }

  @Test
  void aSuspendedScheduleIsNeverOverdue() {
    metrics.observed(ORDERS, new Observation(NIGHTLY, true, CREATED, null, null, null, true));
    clock.set(Instant.parse("2026-03-05T05:00:00Z"));

    assertThat(series("ddbbackup_schedule_overdue")).endsWith(" 0.0");
  }

  @Test
  void theSeriesOfADeletedScheduleDisappear() {
    observeLastSuccess(Instant.parse("2026-03-02T03:00:05Z"));
    metrics.backupFailed(ORDERS, "Throttled");
    metrics.backupsPruned(ORDERS, 2);

    metrics.forget("shop", "orders-nightly");

    assertThat(registry.scrape()).doesNotContain("orders-nightly");
  }

  @Test
  void failuresAreCountedByReason() {
    metrics.backupFailed(ORDERS, "Throttled");
    metrics.backupFailed(ORDERS, "Throttled");
    metrics.backupFailed(ORDERS, "AccessDenied");

    assertThat(registry.scrape())
        .contains(
            "ddbbackup_backups_failed_total{name=\"orders-nightly\",namespace=\"shop\",reason=\"Throttled\",table=\"orders\"} 2.0")
        .contains(
            "ddbbackup_backups_failed_total{name=\"orders-nightly\",namespace=\"shop\",reason=\"AccessDenied\",table=\"orders\"} 1.0");
  }

  @Test
  void anInvalidScheduleIsNotReady() {
    observeLastSuccess(Instant.parse("2026-03-02T03:00:05Z"));
    metrics.invalid(ORDERS);

    assertThat(series("ddbbackup_schedule_ready")).endsWith(" 0.0");
    assertThat(series("ddbbackup_schedule_overdue")).endsWith(" 0.0");
  }

  @Test
  void theTimeSinceARestoreDrillLastPassedIsReadWhenScrapedAndSinceCreationWhenNoneHas() {
    Instant passed = Instant.parse("2026-03-01T05:00:00Z");
    metrics.observed(
        ORDERS,
        new Observation(
            NIGHTLY, false, CREATED, null, null, null, true, passed, java.time.Duration.ofDays(7)));
    clock.set(passed.plus(java.time.Duration.ofDays(10)));

    assertThat(series("ddbbackup_schedule_verified_age_seconds")).endsWith(" 864000.0");
    assertThat(series("ddbbackup_schedule_verify_period_seconds")).endsWith(" 604800.0");

    metrics.observed(
        ORDERS,
        new Observation(
            NIGHTLY, false, CREATED, null, null, null, true, null, java.time.Duration.ofDays(7)));
    double sinceCreation = java.time.Duration.between(CREATED, clock.instant()).toMillis() / 1000.0;
    assertThat(series("ddbbackup_schedule_verified_age_seconds")).endsWith(" " + sinceCreation);
  }

  @Test
  void aScheduleWithoutDrillsHasNoVerifiedAge() {
    metrics.observed(ORDERS, new Observation(NIGHTLY, false, CREATED, null, null, null, true));

    assertThat(series("ddbbackup_schedule_verified_age_seconds")).endsWith(" NaN");
  }
}
