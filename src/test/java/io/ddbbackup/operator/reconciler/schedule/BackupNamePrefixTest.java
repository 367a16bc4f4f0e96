package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which prefix a schedule names and owns its backups by: the default no two schedules share, the
 * earlier default kept by a schedule that backed up under it, and one prefix claimed by two
 * schedules of one table.
 */
class BackupNamePrefixTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void aNewScheduleNamesItsBackupsWithNamespaceUnderscoreNameAndRecordsIt() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop_nightly-" + stamp(fx.slot(0)));
    assertThat(fx.status("nightly").getBackupNamePrefix()).isEqualTo("shop_nightly");
  }

  @Test
  void aScheduleThatBackedUpUnderTheEarlierDefaultKeepsItAndStillPrunesItsOldBackups() {
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(1)));
    // what an earlier version left: a backup named <namespace>-<name>-<slot> and its status
    String old = "shop-nightly-" + stamp(fx.slot(-1));
    fx.dynamo.seed(backup(old, fx.slot(-1)));
    writeStatusOfAnEarlierVersion("nightly", old, fx.slot(-1));
    fx.clock.set(fx.slot(0));

    fx.reconcileUntilSettled("nightly");

    String next = "shop-nightly-" + stamp(fx.slot(0));
    assertThat(fx.dynamo.backups("orders")).extracting(Backup::name).containsExactly(next);
    assertThat(fx.status("nightly").getBackupNamePrefix()).isEqualTo("shop-nightly");
    assertThat(fx.status("nightly").getPrunedCount()).isEqualTo(1);
  }

  @Test
  void theYoungerOfTwoSchedulesWithOnePrefixOnOneTableIsRefusedAndTheOlderCarriesOn() {
    fx.create("first", spec -> spec.setBackupNamePrefix("orders-nightly"));
    fx.create("second", spec -> spec.setBackupNamePrefix("orders-nightly"));
    fx.clock.set(fx.slot(0));

    fx.reconcile("first");
    var wake = fx.reconcile("second");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("orders-nightly-" + stamp(fx.slot(0)));
    var ready = Conditions.ready(fx.status("second").getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("SharedPrefix");
    assertThat(ready.getMessage())
        .contains("spec.backupNamePrefix \"orders-nightly\"")
        .contains("shop/first")
        .contains("\"shop_second\"");
    assertThat(wake).as("looks again later").isPresent();
    assertThat(Conditions.ready(fx.status("first").getConditions()).getStatus()).isEqualTo("True");

    client.resource(fx.get("first")).withTimeoutInMillis(5_000).delete();
    fx.clock.advance(SharedPrefix.RECHECK);
    fx.reconcile("second");

    // once the first is gone, the prefix is the second's
    assertThat(fx.dynamo.backups("orders")).hasSize(2);
    assertThat(Conditions.ready(fx.status("second").getConditions()).getStatus()).isEqualTo("True");
  }

  @Test
  void onePrefixOnTwoTablesIsNoClash() {
    fx.create("orders-copy", spec -> spec.setBackupNamePrefix("nightly"));
    fx.create(
        "users-copy",
        spec -> {
          spec.setTableName("users");
          spec.setBackupNamePrefix("nightly");
        });
    fx.clock.set(fx.slot(0));

    fx.reconcile("orders-copy");
    fx.reconcile("users-copy");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
    assertThat(fx.dynamo.backups("users")).hasSize(1);
  }

  @Test
  void theInformersIndexFilesEachScheduleUnderThePrefixItOwnsBackupsBy() {
    fx.create("nightly", spec -> {});
    fx.create("legacy", spec -> {});
    writeStatusOfAnEarlierVersion("legacy", "shop-legacy-" + stamp(fx.slot(-1)), fx.slot(-1));
    fx.create("named", spec -> spec.setBackupNamePrefix("orders-eu"));
    fx.create("broken", spec -> spec.setBackupNamePrefix("not a prefix!"));

    // a reconcile compares its prefix only with the schedules filed under it: the key must be the
    // prefix the schedule's backups carry, the earlier default included
    assertThat(SharedPrefix.indexKeys(fx.get("nightly"))).containsExactly("shop_nightly");
    assertThat(SharedPrefix.indexKeys(fx.get("legacy"))).containsExactly("shop-legacy");
    assertThat(SharedPrefix.indexKeys(fx.get("named"))).containsExactly("orders-eu");
    assertThat(SharedPrefix.indexKeys(fx.get("broken"))).isEmpty();
  }

  private void writeStatusOfAnEarlierVersion(String name, String backupName, Instant slot) {
    DynamoDBBackupSchedule schedule = fx.get(name);
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setLastScheduleTime(StatusTimes.format(slot));
    status.setLastBackupName(backupName);
    status.setLastBackupArn(arn(backupName));
    status.setLastBackupStatus("AVAILABLE");
    status.setCreatedCount(1L);
    schedule.setStatus(status);
    client.resource(schedule).updateStatus();
  }

  private static Backup backup(String name, Instant created) {
    return new Backup(
        arn(name), name, "orders", created, BackupStatus.AVAILABLE, BackupType.USER, 100);
  }

  private static String arn(String name) {
    return "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/" + name;
  }

  private static String stamp(Instant slot) {
    return new io.ddbbackup.operator.backup.BackupName("x").forSlot(slot).substring(2);
  }
}
