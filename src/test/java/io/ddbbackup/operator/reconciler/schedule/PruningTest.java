package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PruningTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  /** A backup this schedule made before the test, for the slot {@code daysAgo} days back. */
  private void seedOwn(int daysAgo) {
    Instant slot = fx.slot(-daysAgo);
    Instant created = slot.plusSeconds(1);
    fx.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0"
                + created.toEpochMilli(),
            fx.name("nightly", slot),
            "orders",
            created,
            BackupStatus.AVAILABLE,
            BackupType.USER,
            100));
  }

  private void seedForeign(String name, BackupType type) {
    fx.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/foreign-" + name,
            name,
            "orders",
            Instant.parse("2026-01-01T00:00:00Z"),
            BackupStatus.AVAILABLE,
            type,
            100));
  }

  /**
   * The case: keepLast 3, three backups, the newest deleted by hand. The inventory still
   * counts it; a prune that trusted the inventory would keep two real backups and say three.
   */
  @Test
  void aKeptBackupDeletedByHandIsNotCountedAsKeptTheNextRunLeavesKeepLastRealBackups() {
    fx.dynamo.setCreationDelay(Duration.ofSeconds(30));
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(3)));
    for (int n = 0; n < 3; n++) {
      fx.clock.set(fx.slot(n));
      fx.reconcileUntilSettled("nightly");
    }
    Backup newest = only(fx.name("nightly", fx.slot(2)));
    fx.dynamo.deleteByHand(newest.arn());

    fx.clock.set(fx.slot(3));
    fx.reconcileUntilSettled("nightly");

    // judged from the fake DynamoDB: the three newest slots that still have a backup
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactlyInAnyOrder(
            fx.name("nightly", fx.slot(0)),
            fx.name("nightly", fx.slot(1)),
            fx.name("nightly", fx.slot(3)));
    assertThat(fx.status("nightly").getBackupCount()).isEqualTo(3);
    assertThat(fx.status("nightly").getPrunedCount()).isZero();
  }

  /**
   * In a herd, a prune's ListBackups waits for its turn in our rate-limit queue. The backup's
   * outcome is not held for it: AVAILABLE is written at once, the prune runs when the queue allows,
   * and what it did goes with the next status write rather than a write of its own.
   */
  @Test
  void aPruneThatWaitsForItsTurnDoesNotHoldTheOutcomeAndItsCountsGoWithTheNextWrite() {
    seedOwn(2);
    seedOwn(1);
    fx.dynamo.setCreationDelay(Duration.ofSeconds(30));
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(2)));
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("nightly"); // the first prune: slot -2 goes
    fx.clock.set(fx.slot(1));
    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.dynamo.failNext(Operation.LIST, Failure.QUEUED, 1);
    System.err.println(
        "DBG before "
            + fx.dynamo.calls(Operation.LIST)
            + " "
            + fx.dynamo.calls(Operation.DESCRIBE));
    var wake = fx.reconcile("nightly");
    System.err.println(
        "DBG after "
            + fx.dynamo.calls(Operation.LIST)
            + " "
            + fx.dynamo.calls(Operation.DESCRIBE)
            + " "
            + wake
            + " "
            + fx.dynamo.backups("orders").size());

    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(fx.dynamo.backups("orders")).as("nothing pruned yet").hasSize(3);
    assertThat(wake).as("back when the queue allows").contains(Duration.ofSeconds(1));
    String version = fx.get("nightly").getMetadata().getResourceVersion();

    fx.clock.plusWake(wake.get());
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactlyInAnyOrder(fx.name("nightly", fx.slot(0)), fx.name("nightly", fx.slot(1)));
    assertThat(fx.get("nightly").getMetadata().getResourceVersion())
        .as("the owed prune wrote nothing of its own")
        .isEqualTo(version);

    fx.clock.set(fx.slot(2));
    fx.reconcile("nightly"); // the next slot's record carries the counts

    var status = fx.status("nightly");
    assertThat(status.getLastBackupName()).isEqualTo(fx.name("nightly", fx.slot(2)));
    assertThat(status.getPrunedCount()).as("slot -2's and slot -1's").isEqualTo(2);
    assertThat(status.getBackupCount()).isEqualTo(2);
  }

  private Backup only(String name) {
    return fx.dynamo.backups("orders").stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void retentionPrunesOnlyAfterTheNewBackupIsAvailableAndOnlyOwnedBackups() {
    seedOwn(3);
    seedOwn(2);
    seedOwn(1);
    seedForeign("orders-by-hand", BackupType.USER);
    seedForeign("shop_nightly-20200101T000000Z", BackupType.AWS_BACKUP);
    seedForeign("shop_nightly-hourly-20260101T000000Z", BackupType.USER);
    fx.dynamo.setCreationDelay(Duration.ofSeconds(30));
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(2)));
    fx.clock.set(fx.slot(0));

    fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(fx.dynamo.backups("orders")).hasSize(7); // nothing pruned while CREATING

    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactlyInAnyOrder(
            fx.name("nightly", fx.slot(-1)),
            fx.name("nightly", fx.slot(0)),
            "orders-by-hand",
            "shop_nightly-20200101T000000Z",
            "shop_nightly-hourly-20260101T000000Z");
    var status = fx.status("nightly");
    assertThat(status.getPrunedCount()).isEqualTo(2);
    assertThat(status.getBackupCount()).isEqualTo(2);
  }

  @Test
  void aFailedBackupPrunesNothing() {
    seedOwn(3);
    seedOwn(2);
    fx.dynamo.setCreationDelay(Duration.ofSeconds(30));
    fx.dynamo.setFailNewBackups(true);
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(1)));
    fx.clock.set(fx.slot(0));

    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");

    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("FAILED");
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("BackupFailed");
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(-3)), fx.name("nightly", fx.slot(-2)));
  }

  @Test
  void withoutRetentionRulesEveryBackupIsKept() {
    seedOwn(3);
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));

    fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(2);
    assertThat(fx.status("nightly").getBackupCount()).isEqualTo(2);
  }
}
