package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.PointInTimeRecoverySpec;
import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.pointInTimeRecovery, judged by the fake DynamoDB's table (whether its PITR is on, since
 * when), its call counts and the Events, and status.recovery against sums computed here from the
 * fake's own backups.
 */
class PointInTimeRecoveryTest {

  static final Duration INTERVAL = BackupScheduleReconciler.DEFAULT_PITR_CHECK_INTERVAL;

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void aScheduleAskingForPitrTurnsItOnOnceAndShowsTheWindowFromThatMoment() {
    fx.create("nightly", pitr(true, 7, null));
    Instant applied = fx.clock.instant();

    fx.reconcile("nightly");

    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS)).isEqualTo(1);
    ContinuousBackups table = tablePitr();
    assertThat(table.status()).isEqualTo("ENABLED");
    assertThat(table.recoveryPeriodInDays()).isEqualTo(7);
    RecoveryStatus r = fx.status("nightly").getRecovery();
    assertThat(r.getPointInTimeRecovery()).isEqualTo("ENABLED");
    assertThat(r.getRecoveryPeriodInDays()).isEqualTo(7);
    assertThat(StatusTimes.parse(r.getEarliestRestorableTime())).isEqualTo(applied);
    assertThat(condition().getStatus()).isEqualTo("True");
    assertThat(condition().getReason()).isEqualTo("Applied");
    assertThat(events("PointInTimeRecoveryEnabled")).hasSize(1);

    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");
    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS))
        .as("on already: never turned on again")
        .isEqualTo(1);
  }

  @Test
  void withoutTheSpecNoContinuousBackupCallIsEverMade() {
    fx.create("nightly", spec -> {});

    for (int day = 0; day < 3; day++) {
      fx.clock.set(fx.slot(day));
      fx.reconcileUntilSettled("nightly");
    }

    assertThat(fx.dynamo.calls(Operation.CREATE)).isEqualTo(3);
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS)).isZero();
    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS)).isZero();
    assertThat(fx.status("nightly").getRecovery().getPointInTimeRecovery()).isNull();
  }

  @Test
  void pitrIsCheckedOncePerIntervalHoweverOftenTheScheduleIsReconciled() {
    Instant start = fx.clock.instant();
    fx.create("nightly", pitr(true, null, null));
    // woken as the reconciler asks, and once a minute besides (status writes, events, restarts)
    Instant end = start.plus(Duration.ofHours(6));
    while (fx.clock.instant().isBefore(end)) {
      Optional<Duration> wake = fx.reconcile("nightly");
      assertThat(wake).isPresent();
      Duration step =
          wake.get().compareTo(Duration.ofMinutes(1)) < 0 ? wake.get() : Duration.ofMinutes(1);
      fx.clock.advance(step.isZero() ? Duration.ofSeconds(1) : step);
    }

    long intervals = Duration.between(start, end).toSeconds() / INTERVAL.toSeconds();
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS))
        .isBetween((int) intervals, (int) intervals + 1);
  }

  @Test
  void checksThatFindNothingNewWriteNothingAndTheNextWriteTakesTheLatestAlong() {
    AtomicReference<ScheduleMetrics.Observation> seen = new AtomicReference<>();
    fx.useMetrics(
        new ScheduleMetrics() {
          @Override
          public void observed(Key key, Observation observation) {
            seen.set(observation);
          }
        });
    fx.create("nightly", pitr(true, 7, null).andThen(spec -> spec.setSchedule("0 3 1 1 *")));
    fx.clock.plusWake(fx.reconcile("nightly").orElseThrow());
    fx.clock.plusWake(fx.reconcile("nightly").orElseThrow());
    var applied = fx.status("nightly");
    assertThat(condition().getReason())
        .as("the first check after turning it on")
        .isEqualTo("InSync");
    int checks = fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS);

    // eight days, woken as asked: past the 7-day period the window's start slides on with the
    // clock, which is nothing new either
    Instant end = fx.clock.instant().plus(Duration.ofDays(8));
    while (fx.clock.instant().isBefore(end)) {
      fx.clock.plusWake(fx.reconcile("nightly").orElseThrow());
    }

    int intervals = (int) (Duration.ofDays(8).toSeconds() / INTERVAL.toSeconds());
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS) - checks)
        .as("checked at every interval")
        .isBetween(intervals - 1, intervals + 1);
    assertThat(fx.status("nightly")).as("and never written").isEqualTo(applied);
    assertThat(seen.get().recovery().newest())
        .as("the metrics' recovery point is the last check's, not the last write's")
        .isAfterOrEqualTo(tablePitr().latestRestorable().minus(INTERVAL));

    // a write that happens anyway (a backup asked for now) carries the latest check
    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "now");
    Instant lastCheck = fx.clock.instant();
    fx.reconcileUntilSettled("nightly");
    RecoveryStatus r = fx.status("nightly").getRecovery();
    ContinuousBackups table = tablePitr();
    assertThat(StatusTimes.parse(r.getCheckedTime())).isAfterOrEqualTo(lastCheck.minus(INTERVAL));
    assertThat(StatusTimes.parse(r.getEarliestRestorableTime()))
        .as("the window as the last check found it, not as it was eight days ago")
        .isBetween(table.earliestRestorable().minus(INTERVAL), table.earliestRestorable())
        .isAfter(StatusTimes.parse(applied.getRecovery().getEarliestRestorableTime()));
  }

  @Test
  void turnedOffBehindItsBackItIsTurnedOnAgainAtTheNextCheckWithAWarningEvent() {
    fx.create("nightly", pitr(true, null, null));
    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofHours(2));
    fx.dynamo.disablePointInTimeRecovery("orders");
    Instant turnedOff = fx.clock.instant();

    fx.clock.advance(INTERVAL);
    fx.reconcile("nightly");

    ContinuousBackups table = tablePitr();
    assertThat(table.status()).isEqualTo("ENABLED");
    assertThat(table.earliestRestorable()).as("the window starts again").isAfter(turnedOff);
    assertThat(events("PointInTimeRecoveryDrift"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("was DISABLED", "orders");
            });
    assertThat(condition().getReason()).isEqualTo("Reapplied");
    assertThat(StatusTimes.parse(fx.status("nightly").getRecovery().getEarliestRestorableTime()))
        .isEqualTo(table.earliestRestorable());
  }

  @Test
  void withEnforceFalseDriftIsReportedOnceAndLeftAlone() {
    fx.create("nightly", pitr(true, null, false));
    fx.reconcile("nightly");
    fx.dynamo.disablePointInTimeRecovery("orders");

    for (int check = 0; check < 3; check++) {
      fx.clock.advance(INTERVAL);
      fx.reconcile("nightly");
    }

    assertThat(tablePitr().status()).isEqualTo("DISABLED");
    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS)).isEqualTo(1);
    assertThat(condition().getStatus()).isEqualTo("False");
    assertThat(condition().getReason()).isEqualTo("Drifted");
    assertThat(condition().getMessage()).contains("enforce is false");
    assertThat(events("PointInTimeRecoveryDrift")).hasSize(1);
    assertThat(fx.status("nightly").getRecovery().getPointInTimeRecovery()).isEqualTo("DISABLED");
  }

  @Test
  void enabledFalseTurnsItOffAndAChangeOfSpecIsAppliedNotReportedAsDrift() {
    fx.dynamo.enablePointInTimeRecovery("orders");
    fx.create("nightly", pitr(false, null, null));
    fx.reconcile("nightly");
    assertThat(tablePitr().status()).isEqualTo("DISABLED");

    fx.editSpec("nightly", pitr(true, 3, null));
    fx.reconcile("nightly");

    assertThat(tablePitr().status()).isEqualTo("ENABLED");
    assertThat(tablePitr().recoveryPeriodInDays()).isEqualTo(3);
    assertThat(events("PointInTimeRecoveryDisabled")).hasSize(1);
    assertThat(events("PointInTimeRecoveryEnabled")).hasSize(1);
    assertThat(events("PointInTimeRecoveryDrift")).isEmpty();
  }

  @Test
  void aFailedCheckIsToldOnItsOwnConditionAndTheBackupsGoOn() {
    fx.dynamo.failNext(Operation.DESCRIBE_CONTINUOUS_BACKUPS, Failure.ACCESS_DENIED, 1);
    fx.create("nightly", pitr(true, null, null));
    fx.clock.set(fx.slot(0));

    fx.reconcileUntilSettled("nightly");

    assertThat(condition().getStatus()).isEqualTo("False");
    assertThat(condition().getReason()).isEqualTo("AccessDenied");
    assertThat(events("AccessDenied")).hasSize(1);
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getStatus())
        .isEqualTo("True");

    fx.clock.advance(INTERVAL);
    fx.reconcile("nightly");
    assertThat(tablePitr().status()).as("tried again later").isEqualTo("ENABLED");
    assertThat(condition().getStatus()).isEqualTo("True");
  }

  @Test
  void removingTheSpecStopsTheChecksAndTheWindowLeavesTheStatus() {
    fx.create("nightly", pitr(true, null, null));
    fx.reconcile("nightly");
    // checked twice more: the second finds nothing new and is only remembered
    fx.clock.advance(INTERVAL);
    fx.reconcile("nightly");
    fx.clock.advance(INTERVAL);
    fx.reconcile("nightly");
    fx.editSpec("nightly", spec -> spec.setPointInTimeRecovery(null));
    fx.reconcile("nightly");
    int describes = fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS);

    fx.clock.advance(INTERVAL.multipliedBy(4));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS)).isEqualTo(describes);
    assertThat(tablePitr().status()).as("left as it was").isEqualTo("ENABLED");
    RecoveryStatus r = fx.status("nightly").getRecovery();
    assertThat(r == null ? null : r.getPointInTimeRecovery()).isNull();
    assertThat(condition()).isNull();

    // a later write (a backup asked for now) does not bring the window back
    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "now");
    fx.reconcileUntilSettled("nightly");
    RecoveryStatus after = fx.status("nightly").getRecovery();
    assertThat(after == null ? null : after.getPointInTimeRecovery()).isNull();
    assertThat(after == null ? null : after.getEarliestRestorableTime()).isNull();
  }

  @Test
  void retainedBytesAreTheSizesOfTheOwnedBackupsLeftAfterRetention() {
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(2)));
    // a backup of someone else on the same table, large: never counted
    fx.dynamo.seed(backup("manual-before-migration", fx.slot(-1), 900_000_000L));
    for (int day = 0; day < 4; day++) {
      fx.clock.set(fx.slot(day));
      fx.reconcileUntilSettled("nightly");
    }

    List<Backup> owned =
        fx.dynamo.backups("orders").stream()
            .filter(b -> b.name().startsWith(ScheduleFixture.NAMESPACE + "_nightly-"))
            .toList();
    assertThat(owned).hasSize(2);
    long sum = owned.stream().mapToLong(b -> Math.max(0, b.sizeBytes())).sum();
    Instant newest = owned.stream().map(Backup::createdAt).max(Comparator.naturalOrder()).get();
    RecoveryStatus r = fx.status("nightly").getRecovery();
    assertThat(r.getRetainedBytes()).isEqualTo(sum);
    assertThat(r.getRetained()).isEqualTo(Recovery.bytes(sum));
    assertThat(StatusTimes.parse(r.getNewestBackupTime())).isEqualTo(newest);
    assertThat(r.getRecoveryPointAgeSeconds())
        .isEqualTo(Duration.between(newest, fx.clock.instant()).toSeconds());
  }

  private Backup backup(String name, Instant at, long size) {
    return new Backup(
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0" + at.toEpochMilli() + "-x",
        name,
        "orders",
        at,
        BackupStatus.AVAILABLE,
        BackupType.USER,
        size);
  }

  private static Consumer<DynamoDBBackupScheduleSpec> pitr(
      boolean enabled, Integer days, Boolean enforce) {
    return spec -> {
      PointInTimeRecoverySpec p = new PointInTimeRecoverySpec();
      p.setEnabled(enabled);
      p.setRecoveryPeriodInDays(days);
      p.setEnforce(enforce);
      spec.setPointInTimeRecovery(p);
    };
  }

  /** The fake table's PITR, read without counting a call of the operator's. */
  private ContinuousBackups tablePitr() {
    return fx.dynamo.pointInTimeRecovery("orders");
  }

  private Condition condition() {
    return Conditions.of(fx.status("nightly").getConditions(), PointInTimeRecovery.CONDITION);
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
