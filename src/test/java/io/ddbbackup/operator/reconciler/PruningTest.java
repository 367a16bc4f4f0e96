package io.ddbbackup.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PruningTest {

  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ScheduleFixture(client, Instant.parse("2026-03-02T02:59:30Z"));
  }

  private void seedOwn(String stamp, Instant created) {
    fx.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0" + stamp,
            "shop-nightly-" + stamp,
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
    seedOwn("20260227T030000Z", Instant.parse("2026-02-27T03:00:01Z"));
    seedOwn("20260228T030000Z", Instant.parse("2026-02-28T03:00:01Z"));
    seedOwn("20260301T030000Z", Instant.parse("2026-03-01T03:00:01Z"));
    seedForeign("orders-by-hand", BackupType.USER);
    seedForeign("shop-nightly-20200101T000000Z", BackupType.AWS_BACKUP);
    seedForeign("shop-nightly-hourly-20260101T000000Z", BackupType.USER);
    fx.dynamo.setCreationDelay(Duration.ofSeconds(30));
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(2)));
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(fx.dynamo.backups("orders")).hasSize(7); // nothing pruned while CREATING

    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactlyInAnyOrder(
            "shop-nightly-20260301T030000Z",
            "shop-nightly-20260302T030000Z",
            "orders-by-hand",
            "shop-nightly-20200101T000000Z",
            "shop-nightly-hourly-20260101T000000Z");
    var status = fx.status("nightly");
    assertThat(status.getPrunedCount()).isEqualTo(2);
    assertThat(status.getBackupCount()).isEqualTo(2);
  }

  @Test
  void aFailedBackupPrunesNothing() {
    seedOwn("20260227T030000Z", Instant.parse("2026-02-27T03:00:01Z"));
    seedOwn("20260228T030000Z", Instant.parse("2026-02-28T03:00:01Z"));
    fx.dynamo.setCreationDelay(Duration.ofSeconds(30));
    fx.dynamo.setFailNewBackups(true);
    fx.create("nightly", spec -> spec.setRetention(ScheduleFixture.keepLast(1)));
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");

    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("FAILED");
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("BackupFailed");
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260227T030000Z", "shop-nightly-20260228T030000Z");
  }

  @Test
  void withoutRetentionRulesEveryBackupIsKept() {
    seedOwn("20260227T030000Z", Instant.parse("2026-02-27T03:00:01Z"));
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(2);
    assertThat(fx.status("nightly").getBackupCount()).isEqualTo(2);
  }
}
