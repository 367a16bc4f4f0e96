package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.VerifySpec;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.DrillTable;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restore drills (spec.verify), judged by the fake DynamoDB's tables and calls and by the items the
 * test wrote, never by the status alone. Backups at 03:00, drills at 03:30 (UTC).
 */
class RestoreDrillTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
    fx.dynamo.putItems("orders", "order#1", "order#2", "order#3");
  }

  @Test
  void aDrillRestoresTheNewestBackupChecksItTimesItAndDeletesTheScratchTable() {
    fx.dynamo.setRestoreDelay(Duration.ofSeconds(50));
    fx.create("nightly", verify(v -> v.setSampleKeys(List.of(Map.of("pk", "order#2")))));
    Backup backup = backupAtSlot(0);

    drillAt(fx.slot(0).plus(Duration.ofMinutes(30)));

    String scratch =
        DrillTable.name(
            ScheduleFixture.NAMESPACE + "_nightly", fx.slot(0).plus(Duration.ofMinutes(30)));
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
    assertThat(fx.dynamo.calls(Operation.DELETE_TABLE)).isEqualTo(1);
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "users");
    assertThat(fx.dynamo.table(scratch)).isEmpty();
    var v = fx.status("nightly").getVerification();
    assertThat(v.getLastVerifiedBackupName()).isEqualTo(backup.name());
    assertThat(v.getLastVerifyResult()).isEqualTo("Passed");
    assertThat(v.getLastPassedBackupName()).isEqualTo(backup.name());
    // the scratch table is ACTIVE 50 s after the call; it is seen at the next look
    assertThat(v.getLastRestoreSeconds()).isBetween(50L, 50L + 50L / 4 + 2);
    assertThat(v.getDrill()).isNull();
    assertThat(verified().getStatus()).isEqualTo("True");
    assertThat(verified().getReason()).isEqualTo("Passed");
    assertThat(verified().getMessage()).contains("3 items (source 3)");
  }

  @Test
  void aSampleKeyThatIsNotInTheBackupFailsTheDrillNamingTheKey() {
    fx.create("nightly", verify(v -> v.setSampleKeys(List.of(Map.of("pk", "order#9")))));
    backupAtSlot(0);

    drillAt(fx.slot(0).plus(Duration.ofMinutes(30)));

    var v = fx.status("nightly").getVerification();
    assertThat(v.getLastVerifyResult()).isEqualTo("Failed");
    assertThat(v.getLastVerifyMessage()).contains("sample key {pk=order#9} is missing");
    assertThat(v.getLastPassedBackupName()).isNull();
    assertThat(verified().getStatus()).isEqualTo("False");
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "users");
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getStatus())
        .as("a failed drill is not a failed schedule")
        .isEqualTo("True");
  }

  @Test
  void anItemCountOutsideTheToleranceFailsTheDrill() {
    fx.create("nightly", verify(v -> v.setItemCountTolerancePercent(0)));
    backupAtSlot(0);
    // DynamoDB's count at backup time lagged: it said 5 where 3 items were there
    fx.dynamo.setItemCount("orders", 5);
    fx.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0000000000001-lag",
            fx.name("nightly", fx.slot(0).minusSeconds(60)),
            "orders",
            fx.slot(0).minusSeconds(60),
            io.ddbbackup.operator.backup.BackupStatus.AVAILABLE,
            io.ddbbackup.operator.backup.BackupType.USER,
            100));

    drillAt(fx.slot(0).plus(Duration.ofMinutes(30)));

    // the newest backup (the slot's, 3 items, count 3 recorded) passes: the lagging one is older
    assertThat(fx.status("nightly").getVerification().getLastVerifyResult()).isEqualTo("Passed");
  }

  @Test
  void aBackupLargerThanTheLimitIsSkippedWithTheReasonAndNothingIsRestored() {
    fx.create("nightly", verify(v -> v.setMaxTableSizeBytes(1L)));
    backupAtSlot(0);
    // a manual backup after the slot's, as DynamoDB would report a 5 GB table
    Instant taken = fx.slot(0).plus(Duration.ofMinutes(10));
    fx.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0000000000001-big",
            fx.name("nightly", taken),
            "orders",
            taken,
            io.ddbbackup.operator.backup.BackupStatus.AVAILABLE,
            io.ddbbackup.operator.backup.BackupType.USER,
            5_000_000_000L));

    drillAt(fx.slot(0).plus(Duration.ofMinutes(30)));

    var v = fx.status("nightly").getVerification();
    assertThat(v.getLastVerifyResult()).isEqualTo("Skipped");
    assertThat(v.getLastVerifyMessage())
        .contains("5000000000 bytes, more than spec.verify.maxTableSizeBytes 1");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
    assertThat(verified().getStatus()).isEqualTo("Unknown");
  }

  @Test
  void aCrashInTheMiddleOfADrillLeavesNoScratchTableOnceTheOperatorIsBack() {
    fx.dynamo.setRestoreDelay(Duration.ofMinutes(3));
    fx.create("nightly", verify(v -> {}));
    backupAtSlot(0);
    Instant drillSlot = fx.slot(0).plus(Duration.ofMinutes(30));
    fx.clock.set(drillSlot);
    fx.reconcile("nightly");
    String scratch = DrillTable.name(ScheduleFixture.NAMESPACE + "_nightly", drillSlot);
    assertThat(fx.dynamo.table(scratch)).isPresent();

    fx.restart(); // a new process: nothing in memory, the drill's start in status
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "users");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
    assertThat(fx.status("nightly").getVerification().getLastVerifyResult()).isEqualTo("Passed");
  }

  @Test
  void aTableOfTheScratchNameThatIsNotThisDrillsIsLeftAlone() {
    fx.create("nightly", verify(v -> {}));
    backupAtSlot(0);
    Instant drillSlot = fx.slot(0).plus(Duration.ofMinutes(30));
    String scratch = DrillTable.name(ScheduleFixture.NAMESPACE + "_nightly", drillSlot);
    fx.dynamo.addTable(scratch);
    Table theirs = fx.dynamo.table(scratch).orElseThrow();

    drillAt(drillSlot);

    assertThat(fx.dynamo.table(scratch)).contains(theirs);
    assertThat(fx.dynamo.calls(Operation.DELETE_TABLE)).isZero();
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
    assertThat(fx.status("nightly").getVerification().getLastVerifyMessage())
        .contains("is not this schedule's drill table: it was left alone");
  }

  @Test
  void theNewestVerifiedBackupIsNeverPrunedEvenWhenRetentionWouldDropIt() {
    fx.create(
        "nightly", verify(v -> {}).andThen(spec -> spec.setRetention(ScheduleFixture.keepLast(1))));
    Backup verifiedBackup = backupAtSlot(0);
    drillAt(fx.slot(0).plus(Duration.ofMinutes(30)));
    assertThat(fx.status("nightly").getVerification().getLastPassedBackupName())
        .isEqualTo(verifiedBackup.name());
    // the next drill is the next day at 03:30: backups of days 1 and 2 come first
    Backup newest = null;
    for (int day = 1; day <= 2; day++) {
      fx.clock.set(fx.slot(day));
      fx.reconcileUntilSettled("nightly");
      newest = fx.dynamo.backups("orders").get(fx.dynamo.backups("orders").size() - 1);
    }

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactlyInAnyOrder(verifiedBackup.name(), newest.name());
  }

  @Test
  void aDrillUnderWayNeverDelaysTheScheduledBackup() {
    fx.dynamo.setRestoreDelay(Duration.ofHours(2));
    fx.create("nightly", verify(v -> v.setTimeoutMinutes(600)));
    backupAtSlot(0);
    fx.clock.set(fx.slot(0).plus(Duration.ofMinutes(30)));
    fx.reconcile("nightly");
    assertThat(fx.status("nightly").getVerification().getDrill()).isNotNull();

    fx.clock.set(fx.slot(1));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .contains(fx.name("nightly", fx.slot(1)));
    assertThat(
            fx.dynamo.backups("orders").stream()
                .filter(b -> b.name().equals(fx.name("nightly", fx.slot(1))))
                .findFirst()
                .orElseThrow()
                .createdAt())
        .isEqualTo(fx.slot(1));
  }

  @Test
  void aDrillNowValueStartsOneDrillAtOnceEvenOfAVerifiedBackupAndOnlyOncePerValue() {
    fx.create("nightly", verify(v -> {}));
    Backup backup = backupAtSlot(0);
    // the scheduled drill at 03:30 verifies it
    drillAt(fx.slot(0).plus(Duration.ofMinutes(30)));
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);

    // an hour later someone wants the proof now
    fx.clock.set(fx.slot(0).plus(Duration.ofMinutes(90)));
    fx.annotate("nightly", DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION, "first");
    fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).as("a drill now").isEqualTo(2);
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "users");
    var v = fx.status("nightly").getVerification();
    assertThat(v.getLastVerifiedBackupName()).isEqualTo(backup.name());
    assertThat(v.getLastVerifyResult()).isEqualTo("Passed");
    assertThat(StatusTimes.parse(v.getLastVerifiedTime()))
        .isAfterOrEqualTo(fx.slot(0).plus(Duration.ofMinutes(90)));
    assertThat(v.getLastDrillTrigger()).isEqualTo("first");

    fx.clock.advance(Duration.ofMinutes(5));
    fx.reconcileUntilSettled("nightly");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).as("once per value").isEqualTo(2);

    fx.annotate("nightly", DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION, "second");
    fx.reconcileUntilSettled("nightly");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(3);
  }

  @Test
  void aDrillNowOnAScheduleWithoutSpecVerifyIsRefusedOnceNamingTheFix() {
    fx.create("nightly", spec -> {});
    backupAtSlot(0);
    fx.annotate("nightly", DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION, "now");

    fx.reconcileUntilSettled("nightly");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
    List<Event> refused =
        client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
            .filter(e -> "DrillNotPossible".equals(e.getReason()))
            .toList();
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).getType()).isEqualTo("Warning");
    assertThat(refused.get(0).getMessage()).contains("spec.verify", "drill-now=now");
  }

  @Test
  void aRefusedRestoreCallOfADrillIsToldWithoutLosingTheWrittenStartAndIsTriedAgain() {
    fx.create("nightly", verify(v -> {}));
    Backup backup = backupAtSlot(0);
    fx.dynamo.failNext(
        Operation.RESTORE_FROM_BACKUP,
        io.ddbbackup.operator.backup.BackupStoreException.Failure.ACCESS_DENIED,
        1);

    fx.clock.set(fx.slot(0).plus(Duration.ofMinutes(30)));
    var wake = fx.reconcile("nightly");

    var v = fx.status("nightly").getVerification();
    assertThat(v.getDrill()).as("the drill's written start stays").isNotNull();
    assertThat(v.getDrill().getBackupName()).isEqualTo(backup.name());
    assertThat(verified().getReason()).isEqualTo("DrillError");
    assertThat(verified().getMessage()).contains("Restore drill:");

    fx.clock.plusWake(wake.orElseThrow());
    fx.reconcileUntilSettled("nightly");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).as("tried again").isEqualTo(2);
    assertThat(fx.status("nightly").getVerification().getLastVerifyResult()).isEqualTo("Passed");
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "users");
  }

  // ---- helpers ----

  private static Consumer<io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec> verify(
      Consumer<VerifySpec> customize) {
    return spec -> {
      VerifySpec verify = new VerifySpec();
      verify.setSchedule("30 3 * * *");
      customize.accept(verify);
      spec.setVerify(verify);
    };
  }

  /** The schedule's backup of the n-th daily slot, taken as the operator takes it. */
  private Backup backupAtSlot(int n) {
    fx.clock.set(fx.slot(n));
    fx.reconcileUntilSettled("nightly");
    return fx.dynamo.backups("orders").stream()
        .filter(b -> b.name().equals(fx.name("nightly", fx.slot(n))))
        .findFirst()
        .orElseThrow();
  }

  /** Runs the drill due at {@code slot} to its end, as JOSDK's wake-ups would. */
  private void drillAt(Instant slot) {
    fx.clock.set(slot);
    fx.reconcileUntilSettled("nightly");
  }

  private Condition verified() {
    return Conditions.of(fx.status("nightly").getConditions(), RestoreDrill.VERIFIED);
  }
}
