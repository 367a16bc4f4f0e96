package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.Key;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.Observation;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.RecoveryPoint;
import io.ddbbackup.operator.reconciler.schedule.VerifySettings;
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

    assertThat(ageOf("backup")).endsWith(" 864000.0");
    assertThat(series("ddbbackup_schedule_verify_period_seconds")).endsWith(" 604800.0");

    metrics.observed(
        ORDERS,
        new Observation(
            NIGHTLY, false, CREATED, null, null, null, true, null, java.time.Duration.ofDays(7)));
    double sinceCreation = java.time.Duration.between(CREATED, clock.instant()).toMillis() / 1000.0;
    assertThat(ageOf("backup")).endsWith(" " + sinceCreation);
  }

  @Test
  void aScheduleWithoutDrillsHasNoVerifiedAge() {
    metrics.observed(ORDERS, new Observation(NIGHTLY, false, CREATED, null, null, null, true));

    assertThat(ageOf("backup")).endsWith(" NaN");
  }

  @Test
  void aScheduleThatDrillsTheExportChainHasTheChainsAgeAndNoBackupAgeAndBothWhenItDrillsBoth() {
    Instant chainPassed = Instant.parse("2026-03-01T05:00:00Z");
    Instant backupPassed = Instant.parse("2026-03-04T05:00:00Z");
    java.time.Duration week = java.time.Duration.ofDays(7);
    clock.set(chainPassed.plus(java.time.Duration.ofDays(10)));
    metrics.observed(ORDERS, drills(VerifySettings.Source.EXPORT, null, chainPassed, week));

    assertThat(ageOf("export")).endsWith(" 864000.0");
    assertThat(ageOf("backup")).endsWith(" NaN");

    metrics.observed(ORDERS, drills(VerifySettings.Source.BOTH, backupPassed, chainPassed, week));

    assertThat(ageOf("export")).endsWith(" 864000.0");
    assertThat(ageOf("backup")).endsWith(" 604800.0");

    metrics.observed(ORDERS, drills(VerifySettings.Source.BACKUP, backupPassed, chainPassed, week));

    assertThat(ageOf("export")).endsWith(" NaN");
    assertThat(ageOf("backup")).endsWith(" 604800.0");
  }

  private static Observation drills(
      VerifySettings.Source source,
      Instant backupPassed,
      Instant chainPassed,
      java.time.Duration period) {
    return new Observation(
        NIGHTLY,
        false,
        CREATED,
        null,
        null,
        null,
        true,
        backupPassed,
        period,
        null,
        chainPassed,
        source);
  }

  private String ageOf(String source) {
    return registry
        .scrape()
        .lines()
        .filter(l -> l.startsWith("ddbbackup_schedule_verified_age_seconds{"))
        .filter(l -> l.contains("source=\"" + source + "\""))
        .findFirst()
        .orElse("");
  }

  private void observeRecovery(CronSchedule cron, Instant created, RecoveryPoint recovery) {
    metrics.observed(
        ORDERS,
        new Observation(cron, false, created, null, null, null, true, null, null, recovery));
  }

  private double value(String name) {
    String line = series(name);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void theRecoveryPointAgeIsReadWhenScrapedFromTheLaterOfPitrAndTheNewestBackup() {
    Instant backup = Instant.parse("2026-03-02T03:00:02Z");
    Instant latestRestorable = Instant.parse("2026-03-02T03:05:00Z");
    observeRecovery(NIGHTLY, CREATED, new RecoveryPoint(true, true, latestRestorable, backup, 42L));
    clock.set(Instant.parse("2026-03-02T04:05:00Z"));

    assertThat(value("ddbbackup_recovery_point_age_seconds")).isEqualTo(3600.0);
    assertThat(value("ddbbackup_schedule_retained_bytes")).isEqualTo(42.0);
    assertThat(value("ddbbackup_pitr_enabled")).isEqualTo(1.0);
    assertThat(value("ddbbackup_pitr_wanted")).isEqualTo(1.0);

    // PITR found off: only the backup counts, and the age grows with no reconcile at all
    observeRecovery(NIGHTLY, CREATED, new RecoveryPoint(true, false, null, backup, 42L));
    clock.set(Instant.parse("2026-03-03T03:00:02Z"));
    assertThat(value("ddbbackup_recovery_point_age_seconds"))
        .isEqualTo(Duration.between(backup, clock.instant()).toSeconds());
    assertThat(value("ddbbackup_pitr_enabled")).isEqualTo(0.0);
  }

  @Test
  void theAgeLimitIsTheTimeSinceTheNewestSlotPastTheGraceSoAWeekendGapAllowsThreeDays() {
    CronSchedule weekdays = CronSchedule.parse("0 3 * * 1-5", "UTC").validSchedule().orElseThrow();
    // Friday 2026-03-06 03:00's backup; Monday 2026-03-09 03:20, the grace (30 min) not over
    Instant friday = Instant.parse("2026-03-06T03:00:03Z");
    observeRecovery(weekdays, CREATED, new RecoveryPoint(null, null, null, friday, 1L));
    clock.set(Instant.parse("2026-03-09T03:20:00Z"));

    double age = value("ddbbackup_recovery_point_age_seconds");
    double limit = value("ddbbackup_recovery_point_age_limit_seconds");
    assertThat(limit)
        .isEqualTo(
            Duration.between(Instant.parse("2026-03-06T03:00:00Z"), clock.instant()).toSeconds());
    assertThat(age).as("not too old: Monday's slot is within its grace").isLessThan(limit);

    clock.set(Instant.parse("2026-03-09T03:31:00Z"));
    assertThat(value("ddbbackup_recovery_point_age_seconds"))
        .as("Monday's slot is past its grace with no backup: too old")
        .isGreaterThan(value("ddbbackup_recovery_point_age_limit_seconds"));
  }

  @Test
  void withoutPitrInTheSpecThePitrSeriesAreNaNAndASuspendedScheduleHasNoAgeLimit() {
    metrics.observed(ORDERS, new Observation(NIGHTLY, true, CREATED, null, null, null, true));
    clock.set(Instant.parse("2026-03-09T03:31:00Z"));

    assertThat(series("ddbbackup_pitr_enabled")).endsWith(" NaN");
    assertThat(series("ddbbackup_pitr_wanted")).endsWith(" NaN");
    assertThat(series("ddbbackup_recovery_point_age_limit_seconds")).endsWith(" NaN");
    assertThat(value("ddbbackup_recovery_point_age_seconds"))
        .as("no recovery point: since creation")
        .isEqualTo(Duration.between(CREATED, clock.instant()).toSeconds());
  }
}
