package io.ddbbackup.operator.reconciler.restore;

import static io.ddbbackup.operator.reconciler.restore.RestoreFixture.backupArn;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.restore.Table;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restore call takes no idempotency token: these are the ways a restore could run twice, or touch
 * a table that is not its own. The judge is the fake DynamoDB's tables and call counts.
 */
@EnableKubernetesMockClient(crud = true)
class RestoreExactlyOnceTest {

  static KubernetesClient client;
  RestoreFixture fx;
  Backup backup;

  @BeforeEach
  void setUp() {
    fx = new RestoreFixture(client);
    backup = fx.backupNow("orders-before-migration");
  }

  /** Lets the first N status writes through, then dies like a killed process. */
  static final class CrashingApi extends RestoreStatusApi {
    private final AtomicInteger writesLeft;

    CrashingApi(KubernetesClient client, int writesBeforeCrash) {
      super(client);
      this.writesLeft = new AtomicInteger(writesBeforeCrash);
    }

    @Override
    public DynamoDBRestore writeStatus(DynamoDBRestore resource, DynamoDBRestoreStatus status) {
      if (writesLeft.getAndDecrement() <= 0) {
        throw new IllegalStateException("process killed before the status write");
      }
      return super.writeStatus(resource, status);
    }
  }

  @Test
  void aCrashAfterTheRestoreCallLeavesATableTheRestartAdoptsInsteadOfRestoringAgain() {
    fx.create("restore", backupArn(backup.arn()));
    fx.useApi(new CrashingApi(client, 1));
    try {
      fx.reconcile("restore");
    } catch (IllegalStateException killed) {
      // the start was recorded, the restore call made, the outcome never written
    }
    assertThat(fx.status("restore").getRestoredTableArn()).isNull();
    assertThat(fx.dynamo.table("orders-restored")).isPresent();

    fx.useApi(new RestoreStatusApi(client));
    fx.reconcileUntilSettled("restore");

    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "orders-restored");
    assertThat(fx.status("restore").getRestoredTableArn())
        .isEqualTo(fx.dynamo.table("orders-restored").orElseThrow().arn());
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
    assertThat(fx.eventReasons("restore")).contains("Adopted");
  }

  @Test
  void aLostRestoreResponseIsResolvedByLookingTheTargetUpNotByASecondRestore() {
    fx.dynamo.loseNextRestoreResponses(Failure.UNAVAILABLE, 1);
    fx.create("restore", backupArn(backup.arn()));

    fx.reconcile("restore");
    assertThat(fx.ready("restore").getStatus()).isEqualTo("False");
    fx.reconcileUntilSettled("restore");

    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
    assertThat(fx.status("restore").getPhase()).isEqualTo("Completed");
  }

  @Test
  void aTableThatExistsIsNeverTouchedAndTheRestoreSaysTargetExists() {
    fx.dynamo.addTable("orders-restored");
    Table theirs = fx.dynamo.table("orders-restored").orElseThrow();
    fx.create(
        "restore",
        spec -> {
          spec.getSource().setBackupArn(backup.arn());
          spec.setDeletionPolicy(DeletionPolicy.Delete);
        });

    fx.reconcileUntilSettled("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("TargetExists");
    assertThat(fx.ready("restore").getMessage())
        .contains("table orders-restored exists", "never writes to or deletes it");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Pending");
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isZero();
    assertThat(fx.dynamo.calls(Operation.TAG_RESOURCE)).isZero();
    assertThat(fx.dynamo.tags(new TableTarget("orders-restored", null, null), theirs.arn()))
        .isEmpty();

    fx.reconciler.cleanup(fx.get("restore"));

    assertThat(fx.dynamo.table("orders-restored")).contains(theirs);
    assertThat(fx.dynamo.calls(Operation.DELETE_TABLE)).isZero();
  }

  @Test
  void aTableRestoredFromTheSameBackupByAnotherResourceIsNotAdopted() {
    fx.create("first", backupArn(backup.arn()));
    fx.reconcileUntilSettled("first");
    fx.create("second", backupArn(backup.arn()));

    fx.reconcileUntilSettled("second");

    assertThat(fx.ready("second").getReason()).isEqualTo("TargetExists");
    assertThat(fx.status("second").getRestoredTableArn()).isNull();
    assertThat(fx.dynamo.calls(Operation.RESTORE_FROM_BACKUP)).isEqualTo(1);
  }

  @Test
  void aTargetMadeByOthersBetweenOurLookAndOurCallIsReportedNotAdopted() {
    fx.create("restore", backupArn(backup.arn()));
    // someone creates the table while our call is on its way: DynamoDB refuses the restore
    fx.dynamo.failNext(Operation.RESTORE_FROM_BACKUP, Failure.TABLE_ALREADY_EXISTS, 1);

    fx.reconcile("restore");

    assertThat(fx.ready("restore").getReason()).isEqualTo("TargetExists");
    assertThat(fx.status("restore").getPhase()).isEqualTo("Pending");
  }
}
