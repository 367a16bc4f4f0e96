package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.testing.Cli;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.LuaValue;
import org.yaml.snakeyaml.Yaml;

/** config/argocd/health.lua, run as Argo CD runs it, against fixture resources. */
class ArgoCdHealthTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          healthy                             | Healthy     | Scheduled: next backup at 2026-11-27T02:00:00Z
          progressing-generation-not-observed | Progressing | Waiting for the operator to observe generation 4
          progressing-backing-up              | Progressing | BackingUp: backup shop_orders-nightly-20261126T020000Z is CREATING
          progressing-no-status               | Progressing | Waiting for the operator to report a status
          progressing-no-ready-condition      | Progressing | Waiting for the Ready condition
          suspended                           | Suspended   | Suspended: no scheduled backups until spec.suspend is false
          degraded-invalid-spec               | Degraded    | InvalidSpec: spec.timeZone "Europe/Berln" is not a known IANA zone
          degraded-table-not-found            | Degraded    | TableNotFound: table orders not found in eu-west-1
          degraded-access-denied              | Degraded    | AccessDenied: not authorized to perform dynamodb:CreateBackup
          progressing-throttled               | Progressing | Throttled: CreateBackup throttled; retrying in 40s (failure 1 of 3 before Degraded)
          degraded-throttled                  | Degraded    | Throttled: CreateBackup throttled; retrying in 40s (3 consecutive failures)
          degraded-backup-failed              | Degraded    | BackupFailed: backup shop_orders-nightly-20261126T020000Z ended FAILED
          degraded-not-permitted              | Degraded    | NotPermitted: continuous backups are not permitted on this table
          """)
  void theScheduleHasTheHealthItsReadyConditionSays(String fixture, String status, String message) {
    LuaValue health = ArgoCdLua.run("health.lua", ArgoCdLua.fixture(fixture + ".yaml"));

    assertThat(health.get("status").tojstring()).isEqualTo(status);
    assertThat(health.get("message").tojstring()).isEqualTo(message);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          healthy-pitr-in-sync        | Healthy     | Scheduled: next backup at 2026-11-27T02:00:00Z
          degraded-pitr-drifted       | Degraded    | Drifted: Point-in-time recovery of table orders is DISABLED, the spec says enabled (35 days); not changed (spec.pointInTimeRecovery.enforce is false)
          degraded-pitr-access-denied | Degraded    | AccessDenied: Point-in-time recovery: not authorized to perform dynamodb:UpdateContinuousBackups
          progressing-pitr-throttled  | Progressing | Throttled: Point-in-time recovery: DescribeContinuousBackups throttled; retrying in 20s (retried)
          """)
  void aPointInTimeRecoveryNotInForceDegradesAHealthySchedule(
      String fixture, String status, String message) {
    LuaValue health = ArgoCdLua.run("health.lua", ArgoCdLua.fixture(fixture + ".yaml"));

    assertThat(health.get("status").tojstring()).isEqualTo(status);
    assertThat(health.get("message").tojstring()).isEqualTo(message);
  }

  @ParameterizedTest(name = "{0} beside a PointInTimeRecovery False is {1}")
  @CsvSource({
    "degraded-access-denied, Degraded, AccessDenied: not authorized to perform dynamodb:CreateBackup",
    "suspended, Degraded, Drifted: PITR off",
    "progressing-backing-up, Degraded, Drifted: PITR off"
  })
  void aFailingReadyWinsOverPointInTimeRecoveryAndPitrDriftWinsOverSuspendedOrBackingUp(
      String fixture, String status, String message) {
    var resource = (ObjectNode) ArgoCdLua.fixture(fixture + ".yaml");
    ((ArrayNode) resource.get("status").get("conditions"))
        .addObject()
        .put("type", "PointInTimeRecovery")
        .put("status", "False")
        .put("reason", "Drifted")
        .put("message", "PITR off");

    LuaValue health = ArgoCdLua.run("health.lua", resource);

    assertThat(health.get("status").tojstring()).isEqualTo(status);
    assertThat(health.get("message").tojstring()).isEqualTo(message);
  }

  @ParameterizedTest(name = "Throttled after {0} consecutive failures is {1}")
  @CsvSource({"0, Progressing", "1, Progressing", "2, Progressing", "3, Degraded", "12, Degraded"})
  void throttlingIsProgressWhileRetriedAndDegradedFromTheThirdFailureOn(
      int failures, String status) {
    var resource = (ObjectNode) ArgoCdLua.fixture("degraded-throttled.yaml");
    ((ObjectNode) resource.get("status")).put("consecutiveFailures", failures);

    LuaValue health = ArgoCdLua.run("health.lua", resource);

    assertThat(health.get("status").tojstring()).isEqualTo(status);
  }

  @Test
  void aSuspendedScheduleSaysSuspendedOnce() {
    LuaValue health = ArgoCdLua.run("health.lua", ArgoCdLua.fixture("suspended.yaml"));

    String message = health.get("message").tojstring();
    assertThat(message.indexOf("uspended")).isEqualTo(message.lastIndexOf("uspended"));
  }

  /**
   * docs/argocd.md gives one sed command that makes suspended schedules Healthy in the argocd-cm
   * snippet; run exactly that command and the script it leaves.
   */
  @Test
  void theDocumentedSettingReportsASuspendedScheduleAsHealthy() {
    Matcher command =
        Pattern.compile("sed '([^']*SUSPENDED_HEALTH[^']*)' config/argocd/argocd-cm.yaml")
            .matcher(ProjectFiles.read("docs/argocd.md"));
    assertThat(command.find()).as("the sed command in docs/argocd.md").isTrue();
    String edited =
        Cli.run(List.of("sed", command.group(1), "config/argocd/argocd-cm.yaml")).ok().out();
    @SuppressWarnings("unchecked")
    Map<String, String> data =
        (Map<String, String>) new Yaml().<Map<String, Object>>load(edited).get("data");
    String script = data.get("resource.customizations.health.ddbbackup.io_DynamoDBBackupSchedule");

    LuaValue suspended =
        ArgoCdLua.runSource(script, "health.lua", ArgoCdLua.fixture("suspended.yaml"));
    LuaValue throttled =
        ArgoCdLua.runSource(script, "health.lua", ArgoCdLua.fixture("degraded-throttled.yaml"));

    assertThat(script).isNotEqualTo(ProjectFiles.read("config/argocd/health.lua"));
    assertThat(suspended.get("status").tojstring()).isEqualTo("Healthy");
    assertThat(throttled.get("status").tojstring())
        .as("nothing else changed")
        .isEqualTo("Degraded");
  }

  @ParameterizedTest(name = "a stale Ready={0} ({1}) does not count before the new generation")
  @CsvSource({"False, InvalidSpec", "True, Suspended", "True, Scheduled"})
  void anUnobservedGenerationIsProgressingWhateverTheOldConditionSaid(String ready, String reason) {
    var resource = (ObjectNode) ArgoCdLua.fixture("healthy.yaml");
    ((ObjectNode) resource.get("metadata")).put("generation", 9);
    var condition = (ObjectNode) resource.get("status").get("conditions").get(0);
    condition.put("status", ready).put("reason", reason);

    LuaValue health = ArgoCdLua.run("health.lua", resource);

    assertThat(health.get("status").tojstring()).isEqualTo("Progressing");
  }

  @ParameterizedTest(name = "{0}={1} with reason \"{2}\" and message \"{3}\" says \"{5}\"")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock =
          """
          Ready               | False | ''        | table orders not found | Degraded    | Ready=False (no reason given): table orders not found
          Ready               | False | ''        | ''                     | Degraded    | Ready=False (no reason given)
          Ready               | True  | ''        | ''                     | Healthy     | Ready=True (no reason given)
          Ready               | True  | Suspended | ''                     | Suspended   | Suspended
          PointInTimeRecovery | False | ''        | ''                     | Degraded    | PointInTimeRecovery=False (no reason given)
          """)
  void aConditionWithoutReasonOrMessageStillSaysSomething(
      String type, String status, String reason, String message, String expected, String shown) {
    var resource = (ObjectNode) ArgoCdLua.fixture("healthy.yaml");
    var conditions = (ArrayNode) resource.get("status").get("conditions");
    ObjectNode condition =
        type.equals("Ready") ? (ObjectNode) conditions.get(0) : conditions.addObject();
    condition.put("type", type).put("status", status).put("reason", reason).put("message", message);

    LuaValue health = ArgoCdLua.run("health.lua", resource);

    assertThat(health.get("status").tojstring()).isEqualTo(expected);
    assertThat(health.get("message").tojstring()).isEqualTo(shown);
  }

  @Test
  void aReadyConditionWithNoReasonFieldAtAllSaysItsStatus() {
    var resource = (ObjectNode) ArgoCdLua.fixture("degraded-table-not-found.yaml");
    ((ObjectNode) resource.get("status").get("conditions").get(0)).remove("reason");

    LuaValue health = ArgoCdLua.run("health.lua", resource);

    assertThat(health.get("status").tojstring()).isEqualTo("Degraded");
    assertThat(health.get("message").tojstring())
        .isEqualTo("Ready=False (no reason given): table orders not found in eu-west-1");
  }
}
