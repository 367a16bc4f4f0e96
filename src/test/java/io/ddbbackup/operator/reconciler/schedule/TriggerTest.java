package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** suspend, immediate and the backup-now annotation. */
class TriggerTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void aSuspendedScheduleTakesNoScheduledBackupAndIsNotWokenUp() {
    fx.create("nightly", spec -> spec.setSuspend(true));
    fx.clock.set(fx.slot(0));

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
    fx.clock.set(fx.slot(2).plus(Duration.ofHours(9)));
    fx.reconcile("nightly");

    fx.editSpec("nightly", spec -> spec.setSuspend(false));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(2)));
    assertThat(fx.status("nightly").getMissedCount()).isEqualTo(2);
  }

  @Test
  void immediateTakesOneBackupAsSoonAsTheScheduleIsSeenAndOnlyOnce() {
    fx.create("nightly", spec -> spec.setImmediate(true));
    fx.clock.set(fx.slot(0).minusSeconds(29).plusMillis(250));

    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofSeconds(5));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0).minusSeconds(29)));
    assertThat(fx.status("nightly").getNextScheduleTime())
        .isEqualTo(StatusTimes.format(fx.slot(0)));
  }

  @Test
  void backupNowTakesOneBackupPerAnnotationValue() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0).plus(Duration.ofHours(7)));
    fx.reconcile("nightly");
    assertThat(fx.dynamo.backups("orders")).hasSize(1); // the 03:00 slot

    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "first");
    fx.clock.set(fx.slot(0).plus(Duration.ofMinutes(425)));
    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(
            fx.name("nightly", fx.slot(0)),
            // a whole minute names cron slots only: the manual backup takes the next second
            fx.name("nightly", fx.slot(0).plus(Duration.ofMinutes(425)).plusSeconds(1)));
    assertThat(fx.status("nightly").getLastManualTrigger()).isEqualTo("first");

    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "second");
    fx.clock.set(fx.slot(0).plus(Duration.ofHours(8)));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(3);
    assertThat(fx.status("nightly").getLastManualTrigger()).isEqualTo("second");
  }

  @Test
  void twoBackupNowValuesInOneSecondGetABackupEach() {
    fx.create("nightly", spec -> {});
    Instant second = fx.slot(0).plus(Duration.ofHours(7)).plusSeconds(17);
    fx.clock.set(second.plusMillis(100));
    fx.reconcile("nightly"); // the 03:00 slot

    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "first");
    fx.reconcile("nightly");
    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "second");
    fx.clock.set(second.plusMillis(600));
    fx.reconcile("nightly");
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(
            fx.name("nightly", fx.slot(0)),
            fx.name("nightly", second),
            fx.name("nightly", second.plusSeconds(1)));
    assertThat(fx.status("nightly").getLastManualTrigger()).isEqualTo("second");
  }

  @Test
  void aBackupNowAtTheSecondOfASlotDoesNotShareTheSlotsBackup() {
    fx.create("nightly", spec -> {});
    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "at-three");
    fx.clock.set(fx.slot(0).plusMillis(300));

    fx.reconcile("nightly"); // the backup-now value goes first
    fx.reconcile("nightly"); // then the 03:00 slot

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactlyInAnyOrder(
            fx.name("nightly", fx.slot(0)), fx.name("nightly", fx.slot(0).plusSeconds(1)));
    assertThat(fx.status("nightly").getLastScheduleTime())
        .isEqualTo(StatusTimes.format(fx.slot(0)));
  }

  @Test
  void backupNowWorksWhileSuspended() {
    fx.create("nightly", spec -> spec.setSuspend(true));
    fx.annotate("nightly", DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION, "2026-03-02");

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }
}
