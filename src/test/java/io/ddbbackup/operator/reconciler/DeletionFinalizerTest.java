package io.ddbbackup.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only a schedule whose deletionPolicy is Delete carries the finalizer, whatever it had before. */
@EnableKubernetesMockClient(crud = true)
class DeletionFinalizerTest {

  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ScheduleFixture(client);
  }

  @Test
  void aRetainScheduleIsGivenNoFinalizer() {
    fx.create("kept", spec -> {});

    fx.reconcile("kept");

    assertThat(fx.get("kept").getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(fx.status("kept").getNextScheduleTime()).isNotNull();
  }

  @Test
  void aDeleteScheduleIsGivenTheFinalizerOnItsFirstReconcile() {
    fx.create("doomed", ScheduleFixture.deletionPolicy(DeletionPolicy.Delete));

    fx.reconcile("doomed");

    assertThat(fx.get("doomed").getMetadata().getFinalizers())
        .containsExactly(DynamoDBBackupSchedule.FINALIZER);
    assertThat(fx.status("doomed").getNextScheduleTime()).isNotNull();
  }

  @Test
  void changingThePolicyAddsOrRemovesTheFinalizerAndLeavesOthersAlone() {
    fx.create("nightly", spec -> {});
    client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(ScheduleFixture.NAMESPACE)
        .withName("nightly")
        .edit(
            s -> {
              s.getMetadata().getFinalizers().add("example.com/someone-else");
              return s;
            });

    fx.editSpec("nightly", spec -> spec.setDeletionPolicy(DeletionPolicy.Delete));
    fx.reconcile("nightly");
    assertThat(fx.get("nightly").getMetadata().getFinalizers())
        .containsExactlyInAnyOrder("example.com/someone-else", DynamoDBBackupSchedule.FINALIZER);

    fx.editSpec("nightly", spec -> spec.setDeletionPolicy(DeletionPolicy.Retain));
    fx.reconcile("nightly");
    assertThat(fx.get("nightly").getMetadata().getFinalizers())
        .containsExactly("example.com/someone-else");
  }

  @Test
  void aScheduleThatCarriesTheFinalizerFromAnOlderOperatorLosesItWhenItIsRetain() {
    fx.create("old", spec -> {});
    client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(ScheduleFixture.NAMESPACE)
        .withName("old")
        .edit(
            s -> {
              s.getMetadata().getFinalizers().add(DynamoDBBackupSchedule.FINALIZER);
              return s;
            });

    fx.reconcile("old");

    assertThat(fx.get("old").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void onceItsBackupsAreDeletedADeleteScheduleLetsGoOfTheFinalizer() {
    fx.create("doomed", ScheduleFixture.deletionPolicy(DeletionPolicy.Delete));
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("doomed");
    assertThat(fx.dynamo.backups("orders")).hasSize(1);

    var retry = fx.reconciler.cleanup(fx.get("doomed"));

    assertThat(retry).isEmpty();
    assertThat(fx.dynamo.backups("orders")).extracting(Backup::name).isEmpty();
    assertThat(fx.get("doomed").getMetadata().getFinalizers()).isNullOrEmpty();
  }
}
