package io.ddbbackup.operator.reconciler.restore;

import static io.ddbbackup.operator.reconciler.restore.RestoreFixture.backupArn;
import static io.ddbbackup.operator.reconciler.restore.RestoreFixture.fromSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.PointInTimeSource;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every reason a restore is not Ready, each with its message and what it leaves behind. */
@EnableKubernetesMockClient(crud = true)
class RestoreFailureTest {

  static KubernetesClient client;
  RestoreFixture fx;

  @BeforeEach
  void setUp() {
    fx = new RestoreFixture(client);
  }

  @Test
  void aScheduleWithoutABackupYetIsSourceNotFoundUntilOneIsAvailable() {
    fx.schedule();
    fx.create("restore", fromSchedule());

    var wake = fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("SourceNotFound");
    assertThat(fx.ready("restore").getMessage())
        .isEqualTo("schedule nightly owns no AVAILABLE backup of table orders yet");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Pending");
    assertThat(wake).isPresent();

    Backup first = fx.owned(Duration.ZERO);
    fx.clock.advance(wake.get());
    fx.reconcileUntilSettled("restore");

    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.dynamo.table("orders-restored").orElseThrow().restore().sourceBackupArn())
        .isEqualTo(first.arn());
  }

  @Test
  void aMissingScheduleIsSourceNotFoundNamingIt() {
    fx.create("restore", fromSchedule());

    fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("SourceNotFound");
    assertThat(fx.ready("restore").getMessage())
        .isEqualTo("no DynamoDBBackupSchedule nightly in namespace shop");
  }

  @Test
  void aBackupArnThatNamesNoBackupIsSourceNotFound() {
    String arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/01234567890123-gone";
    fx.create("restore", backupArn(arn));

    fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("SourceNotFound");
    assertThat(fx.ready("restore").getMessage()).contains(arn, "names no backup");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
  }

  @Test
  void accessDeniedIsReportedAndRetriedAfterABackoff() {
    Backup backup = fx.backupNow("b1");
    fx.dynamo.failNext(Operation.DESCRIBE_TABLE, Failure.ACCESS_DENIED, 1);
    fx.create("restore", backupArn(backup.arn()));

    var wake = fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("AccessDenied");
    assertThat(fx.status("restore").getConsecutiveFailures()).isEqualTo(1);
    assertThat(wake).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(30)));
    fx.clock.advance(wake.get());
    fx.reconcileUntilSettled("restore");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
  }

  @Test
  void aRestoreCallRefusedForWantOfTheLeaseWritesNothingAndTheLeaderRestoresOnce() {
    Backup backup = fx.backupNow("b1");
    fx.dynamo.failNext(Operation.RESTORE_FROM_BACKUP, Failure.NOT_LEADER, 1);
    fx.create("restore", backupArn(backup.arn()));

    fx.reconcile("restore");

    // what was recorded before the refused call stays; no failure is written after it
    var after = fx.status("restore");
    assertThat(after == null ? null : after.getConsecutiveFailures()).isIn(null, 0);
    assertThat(fx.dynamo.tableNames()).containsExactly("orders");

    // the leader (here: the next reconcile) restores once
    fx.reconcileUntilSettled("restore");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "orders-restored");
  }

  @Test
  void aThrottledRestoreCallIsThrottledAndTriedAgain() {
    Backup backup = fx.backupNow("b1");
    fx.dynamo.failNext(Operation.RESTORE_FROM_BACKUP, Failure.THROTTLED, 1);
    fx.create("restore", backupArn(backup.arn()));

    fx.reconcile("restore");
    assertThat(fx.ready("restore").getReason()).isEqualTo("Throttled");

    fx.reconcileUntilSettled("restore");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    // the throttled call made nothing; the second made the one table
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(2);
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "orders-restored");
  }

  @Test
  void aTableThatDisappearsWhileRestoringFailsTheRestore() {
    Backup backup = fx.backupNow("b1");
    fx.dynamo.setRestoreDelay(Duration.ofMinutes(5));
    fx.create("restore", backupArn(backup.arn()));
    fx.reconcile("restore");
    fx.dynamo.removeTable("orders-restored");

    fx.reconcileUntilSettled("restore");

    assertThat(fx.status("restore").getPhase()).isEqualTo("Failed");
    assertThat(fx.ready("restore").getReason()).isEqualTo("RestoreFailed");
    assertThat(fx.ready("restore").getMessage())
        .isEqualTo("table orders-restored disappeared while it was being restored");
    assertThat(fx.reconcile("restore")).isEmpty();
  }

  @Test
  void aTargetTheTenancyPolicyDoesNotGrantIsNotPermittedBeforeAnyAwsCall() {
    Backup backup = fx.backupNow("b1");
    fx.useTenancy(
        new TenancyPolicy(
            List.of(new TenancyPolicy.Rule(List.of("shop"), List.of("orders"), null))));
    fx.create("restore", backupArn(backup.arn()));

    fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("NotPermitted");
    assertThat(fx.ready("restore").getMessage()).contains("orders-restored");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Failed");
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isZero();
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
  }

  @Test
  void aSourceTableTheTenancyPolicyDoesNotGrantIsNotPermitted() {
    fx.dynamo.addTable("payroll");
    Backup payroll =
        fx.dynamo.create(new io.ddbbackup.operator.backup.TableTarget("payroll", null, null), "p1");
    fx.useTenancy(
        new TenancyPolicy(
            List.of(
                new TenancyPolicy.Rule(
                    List.of("shop"), List.of("orders", "orders-restored"), null))));
    fx.create("restore", backupArn(payroll.arn()));

    fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("NotPermitted");
    assertThat(fx.ready("restore").getMessage()).contains("payroll");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
  }

  @Test
  void aPointInTimeOutsideTheRestorableWindowFailsWithDynamoDbsReason() {
    fx.dynamo.enablePointInTimeRecovery("orders");
    fx.create(
        "restore",
        spec -> {
          PointInTimeSource point = new PointInTimeSource();
          point.setTableName("orders");
          point.setRestoreTime("2001-01-01T00:00:00Z");
          spec.getSource().setPointInTime(point);
        });

    fx.reconcileUntilSettled("restore");

    assertThat(fx.status("restore").getPhase()).isEqualTo("Failed");
    assertThat(fx.ready("restore").getReason()).isEqualTo("RestoreFailed");
    assertThat(fx.ready("restore").getMessage()).contains("InvalidRestoreTimeException");
    assertThat(fx.dynamo.table("orders-restored")).isEmpty();
  }

  @Test
  void aPointBeforeTheWindowTheSourceScheduleReportsFailsNamingTheWindowWithoutARestoreCall() {
    fx.dynamo.enablePointInTimeRecovery("orders");
    java.time.Instant since = fx.clock.instant();
    fx.schedule();
    scheduleRecovery("ENABLED", since);
    String before = io.ddbbackup.operator.reconciler.StatusTimes.format(since.minusSeconds(3600));

    fx.create("restore", pointFromSchedule(before));
    fx.reconcileUntilSettled("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("InvalidSpec");
    assertThat(fx.ready("restore").getMessage())
        .contains(
            "spec.source.pointInTime.restoreTime " + before,
            "from " + io.ddbbackup.operator.reconciler.StatusTimes.format(since));
    assertThat(fx.dynamo.calls(Operation.RESTORE_TO_POINT_IN_TIME)).isZero();
    assertThat(fx.dynamo.table("orders-restored")).isEmpty();
  }

  @Test
  void aPointOutsideTheWindowNamesTheSourceTableWhoseWindowItIsNotTheTarget() {
    fx.dynamo.enablePointInTimeRecovery("orders");
    java.time.Instant since = fx.clock.instant();
    fx.schedule(); // backs up table orders; the restore makes orders-restored
    scheduleRecovery("ENABLED", since);

    fx.create(
        "restore",
        pointFromSchedule(
            io.ddbbackup.operator.reconciler.StatusTimes.format(since.minusSeconds(3600))));
    fx.reconcileUntilSettled("restore");

    assertThat(fx.ready("restore").getMessage())
        .contains("outside the restorable window of table orders:")
        .doesNotContain("orders-restored");
  }

  @Test
  void aSourceScheduleThatFoundPitrOffMakesThePointInTimeRestoreWaitNamingTheFix() {
    fx.schedule();
    scheduleRecovery("DISABLED", null);

    fx.create("restore", pointFromSchedule(null));
    fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("SourceNotFound");
    assertThat(fx.ready("restore").getMessage())
        .contains("point-in-time recovery DISABLED", "spec.pointInTimeRecovery.enabled: true");
    assertThat(fx.dynamo.calls(Operation.RESTORE_TO_POINT_IN_TIME)).isZero();
  }

  private static java.util.function.Consumer<io.ddbbackup.operator.api.DynamoDBRestoreSpec>
      pointFromSchedule(String time) {
    return spec -> {
      PointInTimeSource point = new PointInTimeSource();
      point.setFromSchedule("nightly");
      if (time == null) {
        point.setUseLatestRestorableTime(true);
      } else {
        point.setRestoreTime(time);
      }
      spec.getSource().setPointInTime(point);
    };
  }

  /** The schedule's status.recovery, as its reconciler would have written it. */
  private void scheduleRecovery(String pitr, java.time.Instant earliest) {
    client
        .resources(io.ddbbackup.operator.api.DynamoDBBackupSchedule.class)
        .inNamespace(RestoreFixture.NAMESPACE)
        .withName("nightly")
        .editStatus(
            s -> {
              var status = new io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus();
              var recovery = new io.ddbbackup.operator.api.RecoveryStatus();
              recovery.setPointInTimeRecovery(pitr);
              recovery.setEarliestRestorableTime(
                  io.ddbbackup.operator.reconciler.StatusTimes.format(earliest));
              recovery.setCheckedTime(
                  io.ddbbackup.operator.reconciler.StatusTimes.format(fx.clock.instant()));
              status.setRecovery(recovery);
              s.setStatus(status);
              return s;
            });
  }

  @Test
  void aCompletedRestoreStaysCompletedWhenTheLookForItsCountsIsRefused() {
    Backup backup = fx.backupNow("b1");
    fx.create("restore", backupArn(backup.arn()));
    Optional<Duration> wake = fx.reconcile("restore");
    for (int i = 0; i < 20 && !"Completed".equals(fx.status("restore").getPhase()); i++) {
      fx.clock.advance(wake.orElseThrow());
      wake = fx.reconcile("restore");
    }
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.status("restore").getRestoredItemCount())
        .as("DynamoDB reports a new table's counts hours later: looked for again")
        .isZero();
    assertThat(wake).isPresent();

    // the later look for the counts is refused as a bad request: the restore itself is done
    fx.dynamo.failNext(Operation.DESCRIBE_TABLE, Failure.INVALID_REQUEST, 1);
    fx.clock.advance(wake.get());
    fx.reconcile("restore");

    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.ready("restore").getStatus()).as("the refusal is told").isEqualTo("False");
    assertThat(fx.dynamo.table("orders-restored")).isPresent();
  }

  @Test
  void aPointInTimeRestoreOfTheLatestRestorableTimeCompletes() {
    fx.dynamo.setItemCount("orders", 12);
    fx.dynamo.enablePointInTimeRecovery("orders");
    fx.clock.advance(Duration.ofHours(1));
    fx.create(
        "restore",
        spec -> {
          PointInTimeSource point = new PointInTimeSource();
          point.setTableName("orders");
          point.setUseLatestRestorableTime(true);
          spec.getSource().setPointInTime(point);
        });

    fx.reconcileUntilSettled("restore");

    var restored = fx.dynamo.table("orders-restored").orElseThrow();
    assertThat(restored.restore().sourceTableArn())
        .isEqualTo(fx.dynamo.table("orders").orElseThrow().arn());
    assertThat(restored.restore().sourceBackupArn()).isNull();
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.status("restore").getSource()).isEqualTo("orders@latest");
    assertThat(fx.status("restore").getRestoredTo())
        .isEqualTo(
            io.ddbbackup.operator.reconciler.StatusTimes.format(restored.restore().restoredTo()));
  }
}
