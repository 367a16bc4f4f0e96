package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CreateBackup has no idempotency token: these are the ways a slot could be backed up twice. */
class ExactlyOnceTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  /** Lets the first N status writes through, then dies like a killed process. */
  static final class CrashingResources extends ScheduleStatusApi {
    private final AtomicInteger writesLeft;

    CrashingResources(KubernetesClient client, int writesBeforeCrash) {
      super(client);
      this.writesLeft = new AtomicInteger(writesBeforeCrash);
    }

    @Override
    public DynamoDBBackupSchedule writeStatus(
        DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
      if (writesLeft.getAndDecrement() <= 0) {
        throw new IllegalStateException("process killed before the status write");
      }
      return super.writeStatus(resource, status);
    }
  }

  @Test
  void aCrashBetweenCreateBackupAndTheStatusWriteLeadsToAdoptionNotASecondBackup() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.useResources(new CrashingResources(client, 1));

    // the slot record is the only write until the outcome: the CREATING backup's ARN is held in
    // memory, so a process killed now has recorded the name but not the ARN
    fx.reconcile("nightly");
    assertThat(fx.dynamo.backups("orders")).hasSize(1);
    assertThat(fx.status("nightly").getLastBackupArn()).isNull();

    fx.useResources(new ScheduleStatusApi(client));
    fx.clock.set(fx.slot(0).plusSeconds(40));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
    assertThat(fx.dynamo.calls(Operation.CREATE)).isEqualTo(1);
    var status = fx.status("nightly");
    assertThat(status.getLastBackupArn()).isEqualTo(fx.dynamo.backups("orders").get(0).arn());
    assertThat(status.getLastBackupStatus()).isEqualTo("AVAILABLE");
  }

  @Test
  void aLostCreateBackupResponseIsResolvedByLookingTheNameUp() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.dynamo.loseNextCreateResponses(1);

    var wake = fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupArn()).isNull();
    assertThat(wake).isPresent();
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("BackupFailed");

    fx.clock.plusWake(wake.get());
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(fx.status("nightly").getConsecutiveFailures()).isZero();
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getStatus())
        .isEqualTo("True");
  }

  @Test
  void aCrashBeforeCreateBackupCreatesTheRecordedSlotExactlyOnceAfterRestart() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    fx.dynamo.failNext(Operation.CREATE, Failure.UNAVAILABLE, 1);
    fx.reconcile("nightly");
    assertThat(fx.dynamo.backups("orders")).isEmpty();

    fx.restart();
    fx.clock.set(fx.slot(0).plusSeconds(60));
    fx.reconcile("nightly");
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
  }

  @Test
  void aStaleCopyOfTheScheduleCannotRecordTheSameSlotAgain() {
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    DynamoDBBackupSchedule stale = fx.get("nightly");
    fx.reconcile("nightly");

    // a second operator instance holding the old copy re-reads before acting
    fx.restart();
    fx.reconciler.reconcile(stale);

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }
}
