package io.ddbbackup.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** suspend, immediate and the backup-now annotation. */
@EnableKubernetesMockClient(crud = true)
class TriggerTest {

  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ScheduleFixture(client, Instant.parse("2026-03-02T02:59:30Z"));
  }

  @Test
  void aSuspendedScheduleTakesNoScheduledBackupAndIsNotWokenUp() {
    fx.create("nightly", spec -> spec.setSuspend(true));
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    var wake = fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).isEmpty();
    assertThat(wake).isEmpty();
    var status = fx.status("nightly");
    assertThat(status.getNextScheduleTime()).isNull();
    var ready = Conditions.ready(status.getConditions());
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Suspended");
  }

  @Test
  void resumingCollapsesTheSlotsMissedWhileSuspendedIntoOneBackup() {
    fx.create("nightly", spec -> spec.setSuspend(true));
    fx.clock.set(Instant.parse("2026-03-04T12:00:00Z"));
    fx.reconcile("nightly");

    fx.editSpec("nightly", spec -> spec.setSuspend(false));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260304T030000Z");
    assertThat(fx.status("nightly").getMissedCount()).isEqualTo(2);
  }

  @Test
  void immediateTakesOneBackupAsSoonAsTheScheduleIsSeenAndOnlyOnce() {
    fx.create("nightly", spec -> spec.setImmediate(true));
    fx.clock.set(Instant.parse("2026-03-02T02:59:31.250Z"));

    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofSeconds(5));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260302T025931Z");
    assertThat(fx.status("nightly").getNextScheduleTime()).isEqualTo("2026-03-02T03:00:00Z");
  }

  @Test
  void backupNowTakesOneBackupPerAnnotationValue() {
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-02T10:00:00Z"));
    fx.reconcile("nightly");
    assertThat(fx.dynamo.backups("orders")).hasSize(1); // the 03:00 slot

    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "first");
    fx.clock.set(Instant.parse("2026-03-02T10:05:00Z"));
    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260302T030000Z", "shop-nightly-20260302T100500Z");
    assertThat(fx.status("nightly").getLastManualTrigger()).isEqualTo("first");

    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "second");
    fx.clock.set(Instant.parse("2026-03-02T11:00:00Z"));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(3);
    assertThat(fx.status("nightly").getLastManualTrigger()).isEqualTo("second");
  }

  @Test
  void backupNowWorksWhileSuspended() {
    fx.create("nightly", spec -> spec.setSuspend(true));
    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "2026-03-02");

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }
}
