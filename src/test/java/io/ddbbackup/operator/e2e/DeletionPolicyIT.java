package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The finalizer applies spec.deletionPolicy to the schedule's backups, then lets go. */
class DeletionPolicyIT extends E2eEnvironment {

  @Test
  void deletingAScheduleWithDeletionPolicyDeleteRemovesItsBackupsAndOnlyThose() {
    String byHand = "orders-by-hand";
    moto.createBackup(TABLE, byHand);
    apply(
        "doomed",
        """
        tableName: orders
        schedule: "0 3 * * *"
        immediate: true
        deletionPolicy: Delete
        """);
    await("the immediate backup")
        .atMost(Duration.ofSeconds(30))
        .until(() -> backupsOf("doomed").size() == 1);
    assertThat(schedule("doomed").getMetadata().getFinalizers())
        .containsExactly("ddbbackup.io/finalizer");

    cluster.schedules().inNamespace(ns).withName("doomed").delete();

    await("the resource gone: the finalizer let go; operator log " + operator.log())
        .atMost(Duration.ofSeconds(30))
        .until(() -> schedule("doomed") == null);
    assertThat(backupsOf("doomed")).isEmpty();
    assertThat(moto.backupNames(TABLE)).containsExactly(byHand);
  }

  @Test
  void deletingAScheduleWithTheDefaultRetainPolicyKeepsItsBackups() {
    apply(
        "kept",
        """
        tableName: orders
        schedule: "0 3 * * *"
        immediate: true
        """);
    await("the immediate backup")
        .atMost(Duration.ofSeconds(30))
        .until(() -> backupsOf("kept").size() == 1);
    List<String> before = backupsOf("kept");
    assertThat(schedule("kept").getSpec().getDeletionPolicy()).hasToString("Retain");

    cluster.schedules().inNamespace(ns).withName("kept").delete();

    await("the resource gone: the finalizer let go; operator log " + operator.log())
        .atMost(Duration.ofSeconds(30))
        .until(() -> schedule("kept") == null);
    assertThat(backupsOf("kept")).isEqualTo(before);
  }
}
