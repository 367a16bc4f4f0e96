package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.Key;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.Observation;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.RecoveryPoint;
import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.testing.AlertTests;
import io.ddbbackup.operator.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alerts and the dashboard shipped in the chart only query series the operator exports: a
 * renamed metric would otherwise turn an alert silently into one that never fires.
 */
class ObservabilityContractTest {

  static final Pattern SERIES = Pattern.compile("ddbbackup_[a-z_]+");
  static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?");
  static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  /**
   * The labels a Prometheus Operator ServiceMonitor adds to every scraped series besides the
   * operator's own; its namespace label is the operator's, since the chart's ServiceMonitor honours
   * the scraped labels.
   */
  static final Set<String> TARGET_LABELS =
      Set.of("job", "instance", "pod", "service", "endpoint", "container");

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T03:00:00Z"));
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  String scrape;

  @BeforeEach
  void exerciseEveryMetric() {
    var schedules = new MicrometerScheduleMetrics(registry, clock, Duration.ofMinutes(30));
    var key = new Key("shop", "orders-nightly", "orders");
    var cron = CronSchedule.parse("0 3 * * *", "UTC").validSchedule().orElseThrow();
    schedules.observed(
        key,
        new Observation(
            cron,
            false,
            clock.instant(),
            clock.instant(),
            null,
            1,
            true,
            clock.instant(),
            Duration.ofDays(7),
            new RecoveryPoint(
                true, false, null, clock.instant().minus(Duration.ofDays(1)), 123L * 7)));
    schedules.drillFinished(key, "backup", "Passed", 42L);
    schedules.drillFinished(key, "export", "Failed", 1800L);
    schedules.backupCreated(key);
    schedules.backupFailed(key, "Throttled");
    schedules.backupsPruned(key, 1);
    schedules.slotsMissed(key, 1);
    schedules.offsitePoint(
        key, clock.instant().minus(Duration.ofHours(1)), clock.instant(), Duration.ofHours(2));
    schedules.exportFinished(
        key, io.ddbbackup.operator.export.ExportKind.INCREMENTAL, "Completed", 4096L);
    schedules.exportGap(key);
    var restores = new MicrometerRestoreMetrics(registry);
    restores.finished("shop", "Completed", Duration.ofSeconds(42));
    restores.finished("shop", "Completed", Duration.ofSeconds(80));
    restores.finished("shop", "Failed", null);
    new MicrometerPolicyMetrics(registry)
        .observed(
            "platform",
            "all-daily",
            new io.ddbbackup.operator.reconciler.policy.PolicyMetrics.Tables(30, 28, 2, 1, 1));

    var fake = new FakeBackupStore(clock).addTable("orders");
    var store = new WrappedBackupStore(fake, new CallMetrics(registry));
    var target = new TableTarget("orders", null, null);
    store.create(target, "orders-nightly-20260302T030000Z");
    fake.failNext(Operation.LIST, Failure.THROTTLED, 1);
    assertThatThrownBy(() -> store.list(target, null, null))
        .isInstanceOf(BackupStoreException.class);
    scrape = registry.scrape();
  }

  @ParameterizedTest(name = "every series queried by {0} is exported")
  @ValueSource(
      strings = {
        "charts/dynamodb-backup-operator/files/alerts.yaml",
        "charts/dynamodb-backup-operator/files/dashboard.json"
      })
  void everyQueriedSeriesIsExported(String file) throws IOException {
    Set<String> queried = new TreeSet<>();
    Matcher m = SERIES.matcher(Files.readString(Path.of(file)));
    while (m.find()) {
      queried.add(m.group());
    }
    assertThat(queried).isNotEmpty();
    for (String series : queried) {
      assertThat(scrape).as("series %s used in %s", series, file).contains("\n" + series + "{");
    }
  }

  /**
   * The promtool tests of the alerts (AlertRulesIT) feed series with the names and label names this
   * scrape shows, besides the scrape's own target labels: a test on a series the operator never
   * exports, or on labels it does not set, would prove nothing about the alert.
   */
  @Test
  void theAlertTestsFeedSeriesAsTheOperatorExportsThem() {
    Map<String, Set<Set<String>>> exported = new HashMap<>();
    scrape
        .lines()
        .filter(line -> line.startsWith("ddbbackup_"))
        .forEach(
            line -> {
              String[] parts = parse(line.substring(0, line.lastIndexOf(' ')));
              exported.computeIfAbsent(parts[0], k -> new HashSet<>()).add(labelNames(parts[1]));
            });
    var fed =
        AlertTests.inputSeries().stream().filter(s -> s.series().startsWith("ddbbackup_")).toList();
    assertThat(fed).isNotEmpty();
    for (var input : fed) {
      String[] parts = parse(input.series());
      Set<String> labels = new TreeSet<>(labelNames(parts[1]));
      labels.removeAll(TARGET_LABELS);
      assertThat(exported.get(parts[0]))
          .as("%s (%s) feeds %s", input.file().getFileName(), input.group(), input.series())
          .isNotNull()
          .contains(labels);
    }
  }

  private static String[] parse(String series) {
    Matcher m = SAMPLE.matcher(series.trim());
    assertThat(m.matches()).as("a series: %s", series).isTrue();
    return new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)};
  }

  private static Set<String> labelNames(String labels) {
    Set<String> names = new TreeSet<>();
    Matcher m = LABEL.matcher(labels);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
