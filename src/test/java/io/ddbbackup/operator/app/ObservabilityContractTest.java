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
import io.ddbbackup.operator.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alerts and the dashboard shipped in the chart only query series the operator exports: a
 * renamed metric would otherwise turn an alert silently into one that never fires.
 */
class ObservabilityContractTest {

  static final Pattern SERIES = Pattern.compile("ddbbackup_[a-z_]+");

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
    schedules.drillFinished(key, "Passed", 42L);
    schedules.backupCreated(key);
    schedules.backupFailed(key, "Throttled");
    schedules.backupsPruned(key, 1);
    schedules.slotsMissed(key, 1);
    var restores = new MicrometerRestoreMetrics(registry);
    restores.finished("shop", "Completed", Duration.ofSeconds(42));
    restores.finished("shop", "Completed", Duration.ofSeconds(80));
    restores.finished("shop", "Failed", null);

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
}
