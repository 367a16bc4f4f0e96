package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.VerifySpec;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.restore.DrillTable;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only a schedule with work left at its deletion carries the finalizer, whatever it had before: a
 * deletionPolicy of Delete (its backups) or restore drills (a drill's scratch table).
 */
class DeletionFinalizerTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
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

  @Test
  void
      aRetainScheduleWithRestoreDrillsCarriesTheFinalizerAndItsDeletionMidDrillDeletesTheScratchTable() {
    fx.dynamo.setRestoreDelay(Duration.ofMinutes(3));
    fx.create("nightly", drillsAt("30 3 * * *"));
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("nightly");
    assertThat(fx.get("nightly").getMetadata().getFinalizers())
        .containsExactly(DynamoDBBackupSchedule.FINALIZER);
    Instant drillSlot = fx.slot(0).plus(Duration.ofMinutes(30));
    fx.clock.set(drillSlot);
    fx.reconcile("nightly"); // the drill's restore is under way
    String scratch = DrillTable.name("shop_nightly", drillSlot);
    assertThat(fx.dynamo.table(scratch)).isPresent();

    // deleted while the scratch table is still being restored: it is waited for, then deleted
    assertThat(fx.reconciler.cleanup(fx.get("nightly"))).isPresent();
    assertThat(fx.get("nightly").getMetadata().getFinalizers()).isNotEmpty();
    fx.clock.advance(Duration.ofMinutes(3));
    var retry = fx.reconciler.cleanup(fx.get("nightly"));

    assertThat(retry).isEmpty();
    assertThat(fx.dynamo.tableNames()).containsExactlyInAnyOrder("orders", "users");
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .as("Retain: the backup stays")
        .containsExactly(fx.name("nightly", fx.slot(0)));
    assertThat(fx.get("nightly").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void removingTheRestoreDrillsFromARetainScheduleRemovesTheFinalizer() {
    fx.create("nightly", drillsAt("30 3 * * *"));
    fx.reconcile("nightly");
    assertThat(fx.get("nightly").getMetadata().getFinalizers())
        .containsExactly(DynamoDBBackupSchedule.FINALIZER);

    fx.editSpec("nightly", spec -> spec.setVerify(null));
    fx.reconcile("nightly");

    assertThat(fx.get("nightly").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void aDeleteScheduleWithRestoreDrillsCarriesTheFinalizerOnce() {
    fx.create(
        "nightly",
        ScheduleFixture.deletionPolicy(DeletionPolicy.Delete).andThen(drillsAt("30 3 * * *")));

    fx.reconcile("nightly");

    assertThat(fx.get("nightly").getMetadata().getFinalizers())
        .containsExactly(DynamoDBBackupSchedule.FINALIZER);
  }

  private static Consumer<DynamoDBBackupScheduleSpec> drillsAt(String cron) {
    return spec -> {
      VerifySpec verify = new VerifySpec();
      verify.setSchedule(cron);
      spec.setVerify(verify);
    };
  }
}
