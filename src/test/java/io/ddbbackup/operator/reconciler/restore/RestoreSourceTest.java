package io.ddbbackup.operator.reconciler.restore;

import static io.ddbbackup.operator.reconciler.restore.RestoreFixture.backupArn;
import static io.ddbbackup.operator.reconciler.restore.RestoreFixture.backupName;
import static io.ddbbackup.operator.reconciler.restore.RestoreFixture.fromSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.restore.Table;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a restore brings back, judged by the table the fake DynamoDB holds afterwards. */
@EnableKubernetesMockClient(crud = true)
class RestoreSourceTest {

  static KubernetesClient client;
  RestoreFixture fx;

  @BeforeEach
  void setUp() {
    fx = new RestoreFixture(client);
  }

  @Test
  void fromScheduleRestoresTheNewestAvailableBackupItOwnsAndNeverAForeignOne() {
    fx.schedule();
    fx.owned(Duration.ofDays(2));
    Backup newestOwnedAvailable = fx.owned(Duration.ofDays(1));
    fx.backup(
        RestoreFixture.NIGHTLY.forSlot(fx.clock.instant().minusSeconds(3600)),
        Duration.ofHours(1),
        BackupStatus.CREATING,
        BackupType.USER);
    fx.backup("orders-by-hand", Duration.ofMinutes(30), BackupStatus.AVAILABLE, BackupType.USER);
    fx.backup(
        "shop-nightly-copy-20261126T020000Z",
        Duration.ofMinutes(20),
        BackupStatus.AVAILABLE,
        BackupType.USER);
    fx.backup(
        "awsbackup-orders", Duration.ofMinutes(10), BackupStatus.AVAILABLE, BackupType.AWS_BACKUP);
    fx.create("restore", fromSchedule());

    fx.reconcileUntilSettled("restore");

    Table restored = fx.dynamo.table("orders-restored").orElseThrow();
    assertThat(restored.restore().sourceBackupArn()).isEqualTo(newestOwnedAvailable.arn());
    assertThat(restored.status()).isEqualTo("ACTIVE");
    assertThat(fx.status("restore").getSourceBackupArn()).isEqualTo(newestOwnedAvailable.arn());
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
  }

  @Test
  void theChosenBackupDoesNotChangeWhenTheScheduleTakesANewerOneDuringTheRestore() {
    fx.schedule();
    Backup chosen = fx.owned(Duration.ofDays(1));
    fx.dynamo.setRestoreDelay(Duration.ofMinutes(10));
    fx.create("restore", fromSchedule());
    fx.reconcile("restore");

    fx.owned(Duration.ZERO);
    fx.reconcileUntilSettled("restore");

    assertThat(fx.dynamo.table("orders-restored").orElseThrow().restore().sourceBackupArn())
        .isEqualTo(chosen.arn());
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
  }

  @Test
  void aBackupArnIsRestoredAsNamedAndTheDurationIsTheMeasuredTimeToActive() {
    Backup backup = fx.backupNow("orders-before-migration");
    fx.dynamo.setRestoreDelay(Duration.ofSeconds(95));
    fx.create("restore", backupArn(backup.arn()));
    var started = fx.clock.instant();

    fx.reconcileUntilSettled("restore");

    var status = fx.status("restore");
    Table restored = fx.dynamo.table("orders-restored").orElseThrow();
    assertThat(restored.restore().sourceBackupArn()).isEqualTo(backup.arn());
    assertThat(status.getRestoredTableArn()).isEqualTo(restored.arn());
    // the table is ACTIVE 95 s after the call; it is seen at the next DescribeTable, which comes
    // at most a quarter of the restore's age later (and at least 2 s after the last)
    long seen = Duration.between(started, fx.clock.instant()).toSeconds();
    assertThat(status.getDurationSeconds()).isBetween(95L, 95L + 95L / 4 + 2).isEqualTo(seen);
    assertThat(status.getCompletionTime()).isNotNull();
    assertThat(fx.ready("restore").getReason()).isEqualTo("Completed");
    assertThat(fx.eventReasons("restore")).contains("RestoreStarted", "RestoreCompleted");
  }

  @Test
  void aBackupNameBorneByOneBackupIsRestored() {
    Backup backup = fx.backupNow("orders-before-migration");
    fx.create("restore", backupName("orders-before-migration"));

    fx.reconcileUntilSettled("restore");

    assertThat(fx.dynamo.table("orders-restored").orElseThrow().restore().sourceBackupArn())
        .isEqualTo(backup.arn());
    assertThat(fx.status("restore").getSourceBackupName()).isEqualTo("orders-before-migration");
  }

  @Test
  void anAmbiguousBackupNameFailsListingTheCandidatesAndRestoresNothing() {
    Backup first = fx.backupNow("nightly");
    fx.dynamo.addTable("users");
    Backup second =
        fx.dynamo.create(
            new io.ddbbackup.operator.backup.TableTarget("users", null, null), "nightly");
    fx.create("restore", backupName("nightly"));

    fx.reconcileUntilSettled("restore");

    assertThat(fx.status("restore").getPhase()).isEqualTo("Failed");
    assertThat(fx.ready("restore").getReason()).isEqualTo("InvalidSpec");
    assertThat(fx.ready("restore").getMessage())
        .contains("2 backups are named \"nightly\"", first.arn(), second.arn(), "backupArn");
    assertThat(fx.dynamo.table("orders-restored")).isEmpty();
  }

  @Test
  void theItemCountAndIndexesComeFromTheBackupNotFromTheTableNow() {
    fx.dynamo.setItemCount("orders", 42);
    fx.dynamo.setGlobalSecondaryIndexes("orders", "by-customer", "by-date");
    Backup backup = fx.backupNow("orders-42");
    fx.dynamo.setItemCount("orders", 7);
    fx.create(
        "restore",
        spec -> {
          spec.getSource().setBackupArn(backup.arn());
          spec.setGlobalSecondaryIndexes(java.util.List.of("by-date"));
        });

    fx.reconcileUntilSettled("restore");

    Table restored = fx.dynamo.table("orders-restored").orElseThrow();
    assertThat(restored.itemCount()).isEqualTo(42);
    assertThat(restored.globalIndexNames()).containsExactly("by-date");
    assertThat(fx.status("restore").getRestoredItemCount()).isEqualTo(42L);
  }

  @Test
  void anIndexTheBackupDoesNotHaveFailsNamingItAndRestoresNothing() {
    fx.dynamo.setGlobalSecondaryIndexes("orders", "by-customer");
    Backup backup = fx.backupNow("orders-1");
    fx.create(
        "restore",
        spec -> {
          spec.getSource().setBackupArn(backup.arn());
          spec.setGlobalSecondaryIndexes(java.util.List.of("by-typo"));
        });

    fx.reconcileUntilSettled("restore");

    assertThat(fx.status("restore").getPhase()).isEqualTo("Failed");
    assertThat(fx.ready("restore").getMessage())
        .contains("spec.globalSecondaryIndexes names by-typo", "it has: by-customer");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
  }
}
