package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.LuaValue;

/** config/argocd/restore-health.lua, run as Argo CD runs it, against DynamoDBRestore statuses. */
class ArgoCdRestoreHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}, Ready {1} {2}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Completed | True  | Completed      | Healthy     | Completed: Restored orders-nightly-20261126T020000Z into table orders-restored in 42s
          Restoring | True  | Restoring      | Progressing | Restoring: Restoring orders-nightly-20261126T020000Z into table orders-restored
          Pending   | True  | Restoring      | Progressing | Restoring: Waiting for backup orders-nightly-20261126T020000Z to be AVAILABLE
          Pending   | False | TargetExists   | Degraded    | TargetExists: table orders-restored exists and was not restored by this DynamoDBRestore
          Pending   | False | SourceNotFound | Degraded    | SourceNotFound: schedule orders-nightly owns no AVAILABLE backup of table orders yet
          Restoring | False | Throttled      | Degraded    | Throttled: DescribeTable failed: ThrottlingException
          Failed    | False | RestoreFailed  | Degraded    | RestoreFailed: table orders-restored disappeared while it was being restored
          Failed    | False | InvalidSpec    | Degraded    | InvalidSpec: spec.source.backupName: 2 backups are named "x"
          """)
  void theRestoreHasTheHealthItsPhaseAndReadyConditionSay(
      String phase, String ready, String reason, String health, String message) {
    ObjectNode restore = restore(phase, ready, reason, message.substring(reason.length() + 2));

    LuaValue result = ArgoCdLua.run("restore-health.lua", restore);

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(message);
  }

  @ParameterizedTest(name = "no status yet is Progressing")
  @CsvSource("x")
  void aRestoreWithoutStatusIsProgressing(String unused) {
    ObjectNode restore = JSON.createObjectNode();
    restore.putObject("metadata").put("name", "orders-restore");

    LuaValue result = ArgoCdLua.run("restore-health.lua", restore);

    assertThat(result.get("status").tojstring()).isEqualTo("Progressing");
    assertThat(result.get("message").tojstring())
        .isEqualTo("Waiting for the operator to report a status");
  }

  private static ObjectNode restore(String phase, String ready, String reason, String message) {
    ObjectNode restore = JSON.createObjectNode();
    restore.put("apiVersion", "ddbbackup.io/v1alpha1").put("kind", "DynamoDBRestore");
    restore.putObject("metadata").put("name", "orders-restore").put("generation", 1);
    ObjectNode status = restore.putObject("status");
    status.put("phase", phase).put("observedGeneration", 1);
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
