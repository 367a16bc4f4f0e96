package io.ddbbackup.operator.deploy;

import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.ACCESS_DENIED;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.COMPLETED;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.COMPLETED_PHASE;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.FAILED_PHASE;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.INVALID_SPEC;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.PENDING;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.REPLAYING;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.REPLAYING_PHASE;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.REPLAY_FAILED;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.RESTORE_FAILED;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.RESTORING;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.RESTORING_PHASE;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.SOURCE_NOT_FOUND;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.TARGET_EXISTS;
import static io.ddbbackup.operator.reconciler.restore.RestoreReasons.THROTTLED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.reconciler.restore.RestoreReasons;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;

/**
 * config/argocd/restore-health.lua, run as Argo CD runs it, against DynamoDBRestore statuses. The
 * phases and reasons are the ones the operator writes (read from its code).
 */
class ArgoCdRestoreHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESTORED =
      "Restored orders-nightly-20261126T020000Z into table orders-restored in 42s";

  static Stream<Arguments> restores() {
    return Stream.of(
        Arguments.of(COMPLETED_PHASE, "True", COMPLETED, RESTORED, "Healthy"),
        Arguments.of(
            RESTORING_PHASE,
            "True",
            RESTORING,
            "Restoring orders-nightly-20261126T020000Z into table orders-restored",
            "Progressing"),
        Arguments.of(
            REPLAYING_PHASE,
            "True",
            REPLAYING,
            "Replaying incremental export 3 of 8 (2026-11-26T02:15:00Z to 2026-11-26T02:30:00Z)"
                + " into table orders-restored: Job ddb-replay-back-1a2b3c4d-3, 2 of 4 pods done",
            "Progressing"),
        Arguments.of(
            REPLAYING_PHASE,
            "False",
            THROTTLED,
            "ListTagsOfResource failed: ThrottlingException",
            "Degraded"),
        Arguments.of(
            FAILED_PHASE,
            "False",
            REPLAY_FAILED,
            "the replay Job ddb-replay-back-1a2b3c4d-3 of export arn:... failed: BackoffLimitExceeded",
            "Degraded"),
        Arguments.of(
            PENDING,
            "True",
            RESTORING,
            "Waiting for backup orders-nightly-20261126T020000Z to be AVAILABLE",
            "Progressing"),
        Arguments.of(
            PENDING,
            "False",
            TARGET_EXISTS,
            "table orders-restored exists and was not restored by this DynamoDBRestore",
            "Degraded"),
        Arguments.of(
            PENDING,
            "False",
            SOURCE_NOT_FOUND,
            "schedule orders-nightly owns no AVAILABLE backup of table orders yet",
            "Degraded"),
        Arguments.of(
            RESTORING_PHASE,
            "False",
            THROTTLED,
            "DescribeTable failed: ThrottlingException",
            "Degraded"),
        Arguments.of(
            FAILED_PHASE,
            "False",
            RESTORE_FAILED,
            "table orders-restored disappeared while it was being restored",
            "Degraded"),
        Arguments.of(
            FAILED_PHASE,
            "False",
            INVALID_SPEC,
            "spec.source.backupName: 2 backups are named \"x\"",
            "Degraded"));
  }

  @ParameterizedTest(name = "{0}, Ready {1} {2}: {4}")
  @MethodSource("restores")
  void theRestoreHasTheHealthItsPhaseAndReadyConditionSay(
      String phase, String ready, String reason, String message, String health) {
    LuaValue result = ArgoCdLua.run("restore-health.lua", restore(phase, ready, reason, message));

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(reason + ": " + message);
  }

  /**
   * The operator keeps looking at a Completed restore (its item count, refreshed by DynamoDB about
   * every six hours); a failure there sets Ready False. The table is restored: not Degraded, and
   * not a failure shown as if all were well.
   */
  @ParameterizedTest(name = "Completed, then a follow-up check {0}: Healthy, saying so")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          THROTTLED     | DescribeTable failed: ThrottlingException
          ACCESS_DENIED | not authorized to perform dynamodb:DescribeTable on table orders-restored
          """)
  void aCompletedRestoreWhoseFollowUpCheckFailsStaysHealthyAndSaysWhatIsRetried(
      String name, String failure) {
    String reason = name.equals("THROTTLED") ? THROTTLED : ACCESS_DENIED;

    LuaValue result =
        ArgoCdLua.run("restore-health.lua", restore(COMPLETED_PHASE, "False", reason, failure));

    assertThat(result.get("status").tojstring()).isEqualTo("Healthy");
    assertThat(result.get("message").tojstring())
        .isEqualTo(
            "Completed: "
                + RESTORED
                + "; a follow-up check of the table is retried after "
                + reason
                + ": "
                + failure);
  }

  @Test
  void everyFailingReasonIsDegradedBeforeTheTableIsThereAndHealthyAfter() {
    assertThat(RestoreReasons.failing()).isNotEmpty();
    for (String reason : RestoreReasons.failing()) {
      LuaValue pending =
          ArgoCdLua.run("restore-health.lua", restore(PENDING, "False", reason, "x"));
      LuaValue done =
          ArgoCdLua.run("restore-health.lua", restore(COMPLETED_PHASE, "False", reason, "x"));

      assertThat(pending.get("status").tojstring()).as("Pending, %s", reason).isEqualTo("Degraded");
      assertThat(done.get("status").tojstring()).as("Completed, %s", reason).isEqualTo("Healthy");
    }
  }

  @ParameterizedTest(name = "phase {0}, generation 2 observed as {1}: Progressing")
  @CsvSource(
      value = {"Pending, 1", "Restoring, 1", "Completed, 1", "Completed, ''"},
      emptyValue = "")
  void aGenerationTheOperatorHasNotObservedIsProgressingWhateverTheOldStatusSaid(
      String phase, String observed) {
    ObjectNode restore = restore(phase, "True", COMPLETED, RESTORED);
    ((ObjectNode) restore.get("metadata")).put("generation", 2);
    ObjectNode status = (ObjectNode) restore.get("status");
    if (observed.isEmpty()) {
      status.remove("observedGeneration");
    } else {
      status.put("observedGeneration", Long.parseLong(observed));
    }

    LuaValue result = ArgoCdLua.run("restore-health.lua", restore);

    assertThat(result.get("status").tojstring()).isEqualTo("Progressing");
    assertThat(result.get("message").tojstring())
        .isEqualTo("Waiting for the operator to observe generation 2");
  }

  /**
   * The operator never reconciles a Failed restore again, so it never observes a new generation.
   */
  @Test
  void aFailedRestoreStaysDegradedWhateverItsGeneration() {
    ObjectNode restore = restore(FAILED_PHASE, "False", RESTORE_FAILED, "table gone");
    ((ObjectNode) restore.get("metadata")).put("generation", 2);

    LuaValue result = ArgoCdLua.run("restore-health.lua", restore);

    assertThat(result.get("status").tojstring()).isEqualTo("Degraded");
    assertThat(result.get("message").tojstring()).isEqualTo(RESTORE_FAILED + ": table gone");
  }

  @ParameterizedTest(name = "phase \"{0}\", Ready {1} with reason \"{2}\", message \"{3}\": {5}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock =
          """
          ''        | True  | ''        | ''                    | Progressing | Waiting for the operator to report a status
          Pending   | False | ''        | table orders-restored | Degraded    | Ready=False (no reason given): table orders-restored
          Pending   | False | ''        | ''                    | Degraded    | Ready=False (no reason given)
          Restoring | True  | ''        | ''                    | Progressing | Ready=True (no reason given)
          Completed | True  | Completed | ''                    | Healthy     | Completed: Restored orders-nightly-20261126T020000Z into table orders-restored in 42s
          Completed | True  | ''        | ''                    | Healthy     | Completed: Restored orders-nightly-20261126T020000Z into table orders-restored in 42s
          Failed    | False | ''        | ''                    | Degraded    | Ready=False (no reason given)
          """)
  void anEmptyPhaseReasonOrMessageStillSaysSomething(
      String phase, String ready, String reason, String message, String health, String shown) {
    LuaValue result = ArgoCdLua.run("restore-health.lua", restore(phase, ready, reason, message));

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(shown);
  }

  @ParameterizedTest(name = "phase {0} without a Ready condition: {1}, \"{2}\"")
  @CsvSource({
    "Pending, Progressing, Pending",
    "Completed, Healthy, Completed: " + RESTORED,
    "Failed, Degraded, Failed (no Ready condition)"
  })
  void aPhaseWithoutAReadyConditionSaysThePhase(String phase, String health, String shown) {
    ObjectNode restore = restore(phase, "True", COMPLETED, RESTORED);
    ((ObjectNode) restore.get("status")).remove("conditions");

    LuaValue result = ArgoCdLua.run("restore-health.lua", restore);

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(shown);
  }

  @Test
  void aRestoreWithoutStatusIsProgressing() {
    ObjectNode restore = JSON.createObjectNode();
    restore.putObject("metadata").put("name", "orders-restore").put("generation", 1);

    LuaValue result = ArgoCdLua.run("restore-health.lua", restore);

    assertThat(result.get("status").tojstring()).isEqualTo("Progressing");
    assertThat(result.get("message").tojstring())
        .isEqualTo("Waiting for the operator to report a status");
  }

  /** A restore of generation 1, observed, with the status fields a completed restore has. */
  private static ObjectNode restore(String phase, String ready, String reason, String message) {
    ObjectNode restore = JSON.createObjectNode();
    restore.put("apiVersion", "ddbbackup.io/v1alpha1").put("kind", "DynamoDBRestore");
    restore.putObject("metadata").put("name", "orders-restore").put("generation", 1);
    ObjectNode spec = restore.putObject("spec").put("targetTableName", "orders-restored");
    spec.putObject("source").put("backupName", "orders-nightly-20261126T020000Z");
    ObjectNode status = restore.putObject("status");
    status
        .put("phase", phase)
        .put("observedGeneration", 1)
        .put("source", "orders-nightly-20261126T020000Z");
    if (phase.equals(COMPLETED_PHASE)) {
      status.put("durationSeconds", 42);
    }
    status
        .putArray("conditions")
        .addObject()
        .put("type", "Ready")
        .put("status", ready)
        .put("reason", reason)
        .put("message", message);
    return restore;
  }
}
