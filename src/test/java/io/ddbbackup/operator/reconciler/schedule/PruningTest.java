package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
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
