package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlotBackupTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void almostButNotQuiteTimeToRunTakesNoBackupAndAsksToBeWokenAtTheSlot() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0).minusSeconds(30));

    var wake = fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).isEmpty();
    assertThat(wake).contains(Duration.ofSeconds(30));
    var status = fx.status("nightly");
    assertThat(status.getNextScheduleTime()).isEqualTo(StatusTimes.format(fx.slot(0)));
    assertThat(Conditions.ready(status.getConditions()).getStatus()).isEqualTo("True");
    assertThat(Conditions.ready(status.getConditions()).getReason()).isEqualTo("Scheduled");
  }

  @Test
  void theFirstSlotGetsOneBackupNamedAfterTheSlotAndItsStatusIsRecorded() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));

    var wake = fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
    var status = fx.status("nightly");
    assertThat(status.getLastScheduleTime()).isEqualTo(StatusTimes.format(fx.slot(0)));
    assertThat(status.getLastBackupName()).isEqualTo(fx.name("nightly", fx.slot(0)));
    assertThat(status.getLastBackupArn()).isEqualTo(fx.dynamo.backups("orders").get(0).arn());
    assertThat(status.getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(status.getLastSuccessfulTime())
        .isEqualTo(StatusTimes.format(fx.slot(0).plusSeconds(2)));
    assertThat(status.getCreatedCount()).isEqualTo(1);
    assertThat(status.getBackupCount()).isEqualTo(1);
    assertThat(status.getNextScheduleTime()).isEqualTo(StatusTimes.format(fx.slot(1)));
    assertThat(wake).contains(Duration.between(fx.clock.instant(), fx.slot(1)));
  }

  @Test
  void aSlowStatusWriteDoesNotMakeTheNextSlotLate() {
    // an API server that takes 700 ms for every status write, as under a thundering herd
    fx.useResources(
        new ScheduleStatusApi(client) {
          @Override
          public DynamoDBBackupSchedule writeStatus(
              DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
            fx.clock.advance(Duration.ofMillis(700));
            return super.writeStatus(resource, status);
          }
        });
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));

    var wake = fx.reconcileUntilSettled("nightly");

    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
    // the wake is counted from after the outcome's write, so the timer fires at the slot itself
    assertThat(wake).isPresent();
    assertThat(fx.clock.instant().plus(wake.get())).isEqualTo(fx.slot(1));
  }

  @Test
  void aBackupStillCreatingIsFollowedWithBackoffUntilAvailable() {
    fx.dynamo.setCreationDelay(Duration.ofSeconds(45));
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));

    var firstWake = fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("BackingUp");
    assertThat(firstWake).contains(Duration.ofSeconds(2));

    fx.clock.advance(Duration.ofSeconds(20));
    var secondWake = fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(secondWake).contains(Duration.ofSeconds(5));

    fx.clock.advance(Duration.ofSeconds(30));
    fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(fx.status("nightly").getLastSuccessfulTime())
        .isEqualTo(StatusTimes.format(fx.slot(0).plusSeconds(50)));
    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  @Test
  void threeMissedSlotsGiveOneBackupOfTheNewestAndMissedCountTwo() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(2).plus(Duration.ofHours(2)));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(2)));
    assertThat(fx.status("nightly").getMissedCount()).isEqualTo(2);
    assertThat(fx.status("nightly").getLastScheduleTime())
        .isEqualTo(StatusTimes.format(fx.slot(2)));
  }

  @Test
  void aSlotFoundPastItsStartingDeadlineIsSkippedNotBackedUp() {
    fx.create("nightly", spec -> spec.setStartingDeadlineSeconds(600L));
    fx.clock.set(fx.slot(0).plusSeconds(900));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).isEmpty();
    var status = fx.status("nightly");
    assertThat(status.getMissedCount()).isEqualTo(1);
    assertThat(status.getLastScheduleTime()).isEqualTo(StatusTimes.format(fx.slot(0)));
    assertThat(status.getNextScheduleTime()).isEqualTo(StatusTimes.format(fx.slot(1)));
    assertThat(
            client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
                .map(e -> e.getReason()))
        .contains("SlotSkipped");
  }

  @Test
  void aSlotWithinItsStartingDeadlineIsStillBackedUp() {
    fx.create("nightly", spec -> spec.setStartingDeadlineSeconds(600L));
    fx.clock.set(fx.slot(0).plusSeconds(599));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  @Test
  void anIdleReconcileBetweenSlotsCallsNoAwsAndWritesNothing() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("nightly");
    String version = fx.get("nightly").getMetadata().getResourceVersion();
    fx.dynamo.resetCalls();

    fx.clock.set(fx.slot(0).plus(Duration.ofHours(12)));
    var wake = fx.reconcile("nightly");

    assertThat(fx.get("nightly").getMetadata().getResourceVersion()).isEqualTo(version);
    for (var op : io.ddbbackup.operator.backup.BackupStore.Operation.values()) {
      assertThat(fx.dynamo.calls(op)).as(op.name()).isZero();
    }
    assertThat(wake).contains(Duration.ofHours(12));
  }

  @Test
  void theSecondSlotIsBackedUpTooAndCountsAddUp() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("nightly");
    fx.clock.set(fx.slot(1));
    fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)), fx.name("nightly", fx.slot(1)));
    assertThat(fx.dynamo.backups("orders")).allMatch(b -> b.status() == BackupStatus.AVAILABLE);
    assertThat(fx.status("nightly").getCreatedCount()).isEqualTo(2);
    assertThat(fx.status("nightly").getBackupCount()).isEqualTo(2);
    assertThat(fx.status("nightly").getMissedCount()).isZero();
  }
}
