package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AWS errors become status and Events, are retried with backoff, and never duplicate a slot. */
class AwsFailureTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void aMissingTableIsReportedAsTableNotFoundAndRetriedSlowly() {
    fx.create("ghost", spec -> spec.setTableName("ghost"));
    fx.clock.set(fx.slot(0));

    var wake = fx.reconcile("ghost");

    var ready = Conditions.ready(fx.status("ghost").getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("TableNotFound");
    assertThat(fx.status("ghost").getConsecutiveFailures()).isEqualTo(1);
    assertThat(wake).contains(Duration.ofSeconds(40));
  }

  @Test
  void throttlingIsRetriedAndTheSlotStillGetsExactlyOneBackup() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.dynamo.failNext(Operation.CREATE, Failure.THROTTLED, 2);

    var first = fx.reconcile("nightly");
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("Throttled");
    assertThat(first).contains(Duration.ofSeconds(10));

    fx.clock.plusWake(first.get());
    var second = fx.reconcile("nightly");
    assertThat(second).contains(Duration.ofSeconds(20));
    fx.clock.plusWake(second.get());
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
    var status = fx.status("nightly");
    assertThat(status.getConsecutiveFailures()).as("no failure recorded").isIn(null, 0);
    assertThat(Conditions.ready(status.getConditions()).getStatus()).isEqualTo("True");
  }

  @Test
  void accessDeniedIsReportedWithTheAwsMessage() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.dynamo.failNext(Operation.CREATE, Failure.ACCESS_DENIED, 1);

    fx.reconcile("nightly");

    var ready = Conditions.ready(fx.status("nightly").getConditions());
    assertThat(ready.getReason()).isEqualTo("AccessDenied");
    assertThat(ready.getMessage()).isNotBlank();
    assertThat(client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems())
        .anyMatch(e -> e.getReason().equals("AccessDenied") && e.getType().equals("Warning"));
  }

  @Test
  void aSlotThatKeepsFailingIsAbandonedWhenTheNextSlotComesDue() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.dynamo.failNext(Operation.CREATE, Failure.ACCESS_DENIED, 1);
    fx.reconcile("nightly");

    // the permission is fixed only after the next slot has come
    fx.clock.set(fx.slot(1));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(1)));
    assertThat(fx.status("nightly").getMissedCount()).isEqualTo(1);
  }

  @Test
  void aCallRefusedByOurOwnRateLimitQueueIsRetriedInTurnAndIsNoFailure() {
    fx.dynamo.setCreationDelay(Duration.ofSeconds(1));
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.reconcile("nightly");
    fx.dynamo.failNext(Operation.DESCRIBE, Failure.QUEUED, 1);

    fx.clock.advance(Duration.ofSeconds(2));
    var wake = fx.reconcile("nightly");

    assertThat(wake).contains(Duration.ofSeconds(1));
    var status = fx.status("nightly");
    assertThat(status.getConsecutiveFailures()).as("no failure recorded").isIn(null, 0);
    assertThat(Conditions.ready(status.getConditions()).getStatus()).isEqualTo("True");

    fx.clock.plusWake(wake.get());
    fx.reconcile("nightly");

    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  @Test
  void aWriteRefusedForWantOfTheLeaseLeavesTheScheduleToTheLeader() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.dynamo.failNext(Operation.CREATE, Failure.NOT_LEADER, 1);

    fx.reconcile("nightly");

    // the slot record was written before CreateBackup; nothing after the refusal is
    var status = fx.status("nightly");
    assertThat(status.getLastBackupName()).isEqualTo(fx.name("nightly", fx.slot(0)));
    assertThat(status.getLastBackupArn()).isNull();
    assertThat(status.getConsecutiveFailures()).isZero();
    assertThat(Conditions.ready(status.getConditions()).getReason()).isEqualTo("BackingUp");
    assertThat(client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems())
        .noneMatch(e -> "Warning".equals(e.getType()));
    assertThat(fx.dynamo.backups("orders")).isEmpty();

    // the replica that holds the Lease now finds the recorded name and backs it up once
    fx.restart();
    fx.reconcile("nightly");
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
  }
}
