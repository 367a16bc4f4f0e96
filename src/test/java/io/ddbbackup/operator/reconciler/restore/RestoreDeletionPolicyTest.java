package io.ddbbackup.operator.reconciler.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What deleting a DynamoDBRestore does to the table it restored, judged by the fake's tables. */
@EnableKubernetesMockClient(crud = true)
class RestoreDeletionPolicyTest {

  static KubernetesClient client;
  RestoreFixture fx;
  Backup backup;

  @BeforeEach
  void setUp() {
    fx = new RestoreFixture(client);
    backup = fx.backupNow("b1");
  }

  @Test
  void retainTheDefaultLeavesTheRestoredTable() {
    fx.create("restore", spec -> spec.getSource().setBackupArn(backup.arn()));
    fx.reconcileUntilSettled("restore");

    assertThat(fx.reconciler.cleanup(fx.get("restore"))).isEmpty();

    assertThat(fx.dynamo.table("orders-restored")).isPresent();
    assertThat(fx.dynamo.calls(Operation.DELETE_TABLE)).isZero();
  }

  @Test
  void deleteRemovesTheTableThisResourceRestoredAndNothingElse() {
    fx.create(
        "restore",
        spec -> {
          spec.getSource().setBackupArn(backup.arn());
          spec.setDeletionPolicy(DeletionPolicy.Delete);
        });
    fx.reconcileUntilSettled("restore");

    assertThat(fx.reconciler.cleanup(fx.get("restore"))).isEmpty();

    assertThat(fx.dynamo.tableNames()).containsExactly("orders");
    assertThat(fx.eventReasons("restore")).contains("TableDeleted");
  }

  @Test
  void deleteLeavesATableThatReplacedTheRestoredOneUnderTheSameName() {
    fx.create(
        "restore",
        spec -> {
          spec.getSource().setBackupArn(backup.arn());
          spec.setDeletionPolicy(DeletionPolicy.Delete);
        });
    fx.reconcileUntilSettled("restore");
    // someone dropped the restored table and made their own of that name
    fx.dynamo.removeTable("orders-restored");
    fx.dynamo.addTable("orders-restored");

    fx.reconciler.cleanup(fx.get("restore"));

    assertThat(fx.dynamo.tableNames()).contains("orders-restored");
    assertThat(fx.dynamo.calls(Operation.DELETE_TABLE)).isZero();
  }

  @Test
  void deleteFindsTheTableInTheRegionOfTheSourceScheduleNotTheOperators() {
    // the operator's own region is eu-west-1; the schedule's table is in us-east-1
    fx.schedule("us-east-1");
    fx.owned(Duration.ofHours(1));
    fx.create(
        "restore",
        spec -> {
          RestoreFixture.fromSchedule().accept(spec);
          spec.setDeletionPolicy(DeletionPolicy.Delete);
        });
    fx.reconcileUntilSettled("restore");
    assertThat(fx.status("restore").getRestoredTableArn()).contains(":us-east-1:");

    assertThat(fx.reconciler.cleanup(fx.get("restore"))).isEmpty();

    assertThat(fx.dynamo.tableNames()).containsExactly("orders");
    assertThat(fx.eventReasons("restore")).contains("TableDeleted");
  }
}
