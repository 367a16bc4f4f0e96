package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.PointInTimeRecoverySpec;
import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A status write that meets a newer version of the schedule (409 Conflict: someone labelled it, or
 * the cache had not shown a write yet) loses nothing: what the reconcile did in AWS is written by
 * the next one. Judged by the fake DynamoDB's table and calls and by the status the API server
 * holds.
 */
class StatusConflictTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
    fx.useResources(new OptimisticResources(client));
  }

  @Test
  void anOutcomeWhoseWriteConflictsIsKeptAndWrittenByTheNextReconcile() {
    fx.create("nightly", StatusConflictTest::pitrEnabled);
    // the reconcile acts on what its cache holds; meanwhile someone annotates the schedule
    DynamoDBBackupSchedule cached = fx.get("nightly");
    fx.annotate("nightly", "team", "payments");

    Optional<Duration> wake = fx.reconciler.reconcile(cached, List::of);

    assertThat(fx.dynamo.pointInTimeRecovery("orders").status()).isEqualTo("ENABLED");
    assertThat(pitrCondition()).as("the write lost to the conflict").isNull();
    assertThat(wake).as("back soon to write what was kept").isPresent();
    assertThat(wake.get()).isLessThanOrEqualTo(Duration.ofSeconds(1));

    fx.clock.advance(wake.get());
    fx.reconcile("nightly");

    assertThat(pitrCondition().getReason())
        .as("the outcome of the first reconcile, not a check of its own")
        .isEqualTo("Applied");
    assertThat(fx.status("nightly").getRecovery().getPointInTimeRecovery()).isEqualTo("ENABLED");
    assertThat(fx.dynamo.calls(Operation.UPDATE_CONTINUOUS_BACKUPS)).isEqualTo(1);
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS))
        .as("nothing checked twice: the kept outcome was written as it was")
        .isEqualTo(1);
  }

  @Test
  void aKeptOutcomeIsDroppedWhenTheStatusChangedSince() {
    fx.create("nightly", StatusConflictTest::pitrEnabled);
    DynamoDBBackupSchedule cached = fx.get("nightly");
    fx.annotate("nightly", "team", "payments");
    fx.reconciler.reconcile(cached, List::of);
    // another writer (a new leader, say) recorded its own check meanwhile: its record stands
    DynamoDBBackupSchedule current = fx.get("nightly");
    DynamoDBBackupScheduleStatus theirs = new DynamoDBBackupScheduleStatus();
    theirs.setObservedGeneration(current.getMetadata().getGeneration());
    theirs.setRecovery(new RecoveryStatus());
    theirs.getRecovery().setPointInTimeRecovery("ENABLED");
    theirs.getRecovery().setCheckedTime(StatusTimes.format(fx.clock.instant()));
    theirs.setConditions(
        Conditions.with(
            List.of(),
            PointInTimeRecovery.CONDITION,
            "True",
            "InSync",
            "checked by the other writer",
            current.getMetadata().getGeneration(),
            fx.clock.instant()));
    current.setStatus(theirs);
    client.resource(current).updateStatus();

    fx.reconcile("nightly");

    assertThat(pitrCondition().getMessage()).isEqualTo("checked by the other writer");
  }

  @Test
  void twoOperatorsActingOnOneVersionOfTheScheduleMakeOneBackupOfTheSlot() {
    // two processes without leader election (or a deposed leader and the new one) read the same
    // version and work out the same slot record; the second writes it (and goes on) just before
    // the first does: the first must be refused, not take the same record for its own
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));
    DynamoDBBackupSchedule seenByBoth = fx.get("nightly");
    BackupScheduleReconciler second = fx.reconciler;
    fx.useResources(
        new OptimisticResources(client) {
          private boolean raced;

          @Override
          protected DynamoDBBackupSchedule put(DynamoDBBackupSchedule copy) {
            if (!raced) {
              raced = true;
              second.reconcile(seenByBoth, List::of);
            }
            return super.put(copy);
          }
        });

    assertThatThrownBy(() -> fx.reconciler.reconcile(seenByBoth, List::of))
        .as("the first claim, written second, is refused")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    assertThat(fx.dynamo.calls(Operation.CREATE)).isEqualTo(1);
    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  /** As the API server does and the mock server does not: a write of an old version is refused. */
  static class OptimisticResources extends ScheduleStatusApi {
    private final KubernetesClient client;

    OptimisticResources(KubernetesClient client) {
      super(client);
      this.client = client;
    }

    @Override
    protected DynamoDBBackupSchedule put(DynamoDBBackupSchedule copy) {
      String now =
          client
              .resources(DynamoDBBackupSchedule.class)
              .inNamespace(copy.getMetadata().getNamespace())
              .withName(copy.getMetadata().getName())
              .get()
              .getMetadata()
              .getResourceVersion();
      if (!now.equals(copy.getMetadata().getResourceVersion())) {
        throw new KubernetesClientException(
            new StatusBuilder()
                .withCode(HttpURLConnection.HTTP_CONFLICT)
                .withReason("Conflict")
                .withMessage(
                    "the object has been modified; please apply your changes to the latest version and try again")
                .build());
      }
      return super.put(copy);
    }
  }

  private static void pitrEnabled(DynamoDBBackupScheduleSpec spec) {
    PointInTimeRecoverySpec p = new PointInTimeRecoverySpec();
    p.setEnabled(true);
    spec.setPointInTimeRecovery(p);
  }

  private Condition pitrCondition() {
    var status = fx.status("nightly");
    return status == null || status.getConditions() == null
        ? null
        : Conditions.of(status.getConditions(), PointInTimeRecovery.CONDITION);
  }
}
