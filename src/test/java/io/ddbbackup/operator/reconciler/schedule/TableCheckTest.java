package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schedule's table is checked with one DescribeTable when the schedule is applied or changed, so
 * a typo is Ready=False at once rather than at the first slot, and never again while idle.
 */
class TableCheckTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API);
  }

  @Test
  void aTableThatDoesNotExistIsReportedWhenTheScheduleIsAppliedNotAtTheFirstSlot() {
    fx.create("typo", spec -> spec.setTableName("ordres"));

    var wake = fx.reconcile("typo");

    var status = fx.status("typo");
    var ready = Conditions.ready(status.getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("TableNotFound");
    assertThat(ready.getMessage())
        .contains("table ordres not found in region " + FakeBackupStore.DEFAULT_REGION)
        .contains("spec.region", "aws.region");
    assertThat(status.getCheckedGeneration())
        .isEqualTo(fx.get("typo").getMetadata().getGeneration());
    assertThat(warnings("typo")).contains("TableNotFound");
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(1);
    assertThat(fx.dynamo.calls(Operation.CREATE)).isZero();
    // the schedule keeps its slots: nothing is retried before the first one
    assertThat(status.getNextScheduleTime()).isEqualTo(StatusTimes.format(fx.slot(0)));
    assertThat(wake).contains(Duration.between(fx.clock.instant(), fx.slot(0)));
  }

  @Test
  void theCheckRunsOncePerSpecGenerationAndNeverWhileIdleBetweenSlots() {
    fx.create("nightly", spec -> {});
    fx.reconcile("nightly");
    String version = fx.get("nightly").getMetadata().getResourceVersion();

    // idle: two reconciles before the first slot (whatever the hour the test runs at)
    Duration third = Duration.between(fx.clock.instant(), fx.slot(0)).dividedBy(3);
    fx.clock.advance(third);
    fx.reconcile("nightly");
    fx.clock.advance(third);
    fx.reconcile("nightly");

    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(1);
    assertThat(fx.get("nightly").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("Scheduled");

    fx.editSpec("nightly", spec -> spec.setSchedule("0 4 * * *"));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(2);
    assertThat(fx.status("nightly").getCheckedGeneration())
        .isEqualTo(fx.get("nightly").getMetadata().getGeneration())
        .isEqualTo(2L);
  }

  @Test
  void aTableCreatedAfterTheCheckIsBackedUpAtTheNextSlotWhichMakesTheScheduleReady() {
    fx.create("early", spec -> spec.setTableName("invoices"));
    fx.reconcile("early");
    fx.dynamo.addTable("invoices");

    // idle until the slot: the refusal stands, nobody asks DynamoDB again
    fx.clock.advance(Duration.ofMinutes(10));
    fx.reconcile("early");
    assertThat(Conditions.ready(fx.status("early").getConditions()).getReason())
        .isEqualTo("TableNotFound");
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(1);

    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("early");

    assertThat(fx.dynamo.backups("invoices"))
        .extracting(Backup::name)
        .containsExactly(fx.name("early", fx.slot(0)));
    var status = fx.status("early");
    assertThat(Conditions.ready(status.getConditions()).getStatus()).isEqualTo("True");
    assertThat(status.getConsecutiveFailures()).isZero();
  }

  @Test
  void aRefusedCheckIsAccessDeniedWithAnEventAndTheSlotStillRuns() {
    fx.create("nightly", spec -> {});
    fx.dynamo.failNext(Operation.DESCRIBE_TABLE, Failure.ACCESS_DENIED, 1);

    fx.reconcile("nightly");

    var ready = Conditions.ready(fx.status("nightly").getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("AccessDenied");
    assertThat(ready.getMessage()).contains("DescribeTable");
    assertThat(warnings("nightly")).contains("AccessDenied");

    // e.g. a policy without dynamodb:DescribeTable: the backups it does allow still happen
    fx.clock.set(fx.slot(0));
    fx.reconcileUntilSettled("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(1);
  }

  @Test
  void aTransientFailureOfTheCheckIsRetriedWithBackoffAndChangesNothingElse() {
    fx.create("nightly", spec -> {});
    fx.dynamo.failNext(Operation.DESCRIBE_TABLE, Failure.UNAVAILABLE, 1);

    var wake = fx.reconcile("nightly");

    var status = fx.status("nightly");
    assertThat(Conditions.ready(status.getConditions()).getReason()).isEqualTo("Scheduled");
    assertThat(status.getConsecutiveFailures()).isZero();
    assertThat(status.getCheckedGeneration()).isNull();
    assertThat(wake).contains(Duration.ofSeconds(10)); // the fixture's first transient backoff
    assertThat(warnings("nightly")).isEmpty();

    fx.clock.plusWake(wake.get());
    var next = fx.reconcile("nightly");

    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(2);
    assertThat(next).contains(Duration.between(fx.clock.instant(), fx.slot(0)));
    assertThatTheFoundTableIsWrittenOnlyWithTheNextWrite(status);
  }

  /**
   * A check that found the table has nothing to tell: no status write of its own, no second check
   * while the process lives, and the generation goes along with the next write (the slot's).
   */
  private void assertThatTheFoundTableIsWrittenOnlyWithTheNextWrite(
      DynamoDBBackupScheduleStatus before) {
    assertThat(fx.status("nightly")).as("no write for a check with nothing new").isEqualTo(before);
    fx.reconcile("nightly");
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).as("remembered").isEqualTo(2);
    fx.clock.set(fx.slot(0));
    fx.reconcile("nightly");
    assertThat(fx.status("nightly").getCheckedGeneration()).isEqualTo(1L);
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(2);
  }

  @Test
  void aCheckThatKeepsFailingTransientlyNeverHoldsUpTheSlot() {
    fx.create("nightly", spec -> {});
    fx.dynamo.failNext(Operation.DESCRIBE_TABLE, Failure.THROTTLED, 100);
    var first = fx.reconcile("nightly");
    fx.clock.plusWake(first.get());
    var second = fx.reconcile("nightly");
    assertThat(second.get()).isGreaterThan(first.get()); // backing off

    fx.clock.set(fx.slot(0));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(fx.name("nightly", fx.slot(0)));
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getStatus())
        .isEqualTo("True");
  }

  @Test
  void aCheckOurOwnRateLimitQueueDefersComesBackInTurnAndIsNoFailure() {
    fx.create("nightly", spec -> {});
    fx.dynamo.failNext(Operation.DESCRIBE_TABLE, Failure.QUEUED, 1);

    var wake = fx.reconcile("nightly");

    assertThat(wake).contains(Duration.ofSeconds(1));
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getStatus())
        .isEqualTo("True");
    var before = fx.status("nightly");
    fx.clock.plusWake(wake.get());
    fx.reconcile("nightly");
    assertThatTheFoundTableIsWrittenOnlyWithTheNextWrite(before);
  }

  @Test
  void aSuspendedScheduleIsCheckedWhenItIsResumed() {
    fx.create("paused", spec -> spec.setSuspend(true));
    fx.reconcile("paused");
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isZero();

    fx.editSpec("paused", spec -> spec.setSuspend(false));
    fx.reconcile("paused");

    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE)).isEqualTo(1);
    assertThat(fx.status("paused").getCheckedGeneration()).isEqualTo(2L);
  }

  @Test
  void noRegionAnywhereNamesTheChartValueThatSetsIt() {
    fx.useDynamo(new FakeBackupStore(fx.clock, null).addTable("orders"));
    fx.create("nightly", spec -> {});

    fx.reconcile("nightly");

    var ready = Conditions.ready(fx.status("nightly").getConditions());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage())
        .startsWith("no AWS region: ")
        .contains("spec.region", "aws.region", "AWS_REGION");
  }

  private List<String> warnings(String name) {
    return client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .toList();
  }
}
