package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeletionPolicyTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
    fx.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/by-hand",
            "orders-before-migration",
            "orders",
            Instant.parse("2026-01-01T00:00:00Z"),
            BackupStatus.AVAILABLE,
            BackupType.USER,
            1));
  }

  private void twoBackups(String name) {
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled(name);
    fx.clock.set(fx.slot(1));
    fx.reconcileUntilSettled(name);
  }

  @Test
  void deletePolicyRemovesEveryOwnedBackupAndNothingElse() {
    fx.create("nightly", ScheduleFixture.deletionPolicy(DeletionPolicy.Delete));
    twoBackups("nightly");

    var retry = fx.reconciler.cleanup(fx.get("nightly"));

    assertThat(retry).isEmpty();
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("orders-before-migration");
  }

  @Test
  void retainPolicyKeepsEveryBackup() {
    fx.create("nightly", ScheduleFixture.deletionPolicy(DeletionPolicy.Retain));
    twoBackups("nightly");

    var retry = fx.reconciler.cleanup(fx.get("nightly"));

    assertThat(retry).isEmpty();
    assertThat(fx.dynamo.backups("orders")).hasSize(3);
  }

  @Test
  void retainIsTheDefault() {
    fx.create("nightly", spec -> {});
    twoBackups("nightly");

    fx.reconciler.cleanup(fx.get("nightly"));

    assertThat(fx.dynamo.backups("orders")).hasSize(3);
  }

  @Test
  void deleteWaitsForABackupStillBeingCreated() {
    fx.dynamo.setCreationDelay(Duration.ofMinutes(5));
    fx.create("nightly", ScheduleFixture.deletionPolicy(DeletionPolicy.Delete));
    fx.clock.set(fx.slot(0));
    fx.reconcile("nightly");

    var retry = fx.reconciler.cleanup(fx.get("nightly"));
    assertThat(retry).isPresent();
    assertThat(fx.dynamo.backups("orders")).hasSize(2);

    fx.clock.advance(Duration.ofMinutes(6));
    assertThat(fx.reconciler.cleanup(fx.get("nightly"))).isEmpty();
    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("orders-before-migration");
  }
}
