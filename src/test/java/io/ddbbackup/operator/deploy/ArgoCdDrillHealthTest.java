package io.ddbbackup.operator.deploy;

import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.DRILL_ERROR;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.DRILL_FAILED;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.DRILL_PASSED;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.DRILL_SKIPPED;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;

/**
 * config/argocd/health.lua and the Verified condition of restore drills: a drill that did not
 * verify the backup degrades the schedule, a skipped one does not. The reasons are the ones the
 * operator writes (read from its code), so a renamed reason fails here until the script follows.
 */
class ArgoCdDrillHealthTest {

  private static final String READY = "Scheduled: next backup at 2026-11-27T02:00:00Z";
  private static final String CHECK_FAILED =
      "Failed: 0 items, where the source had 1200 at backup time (tolerance 0%)";
  private static final String AWS_FAILED =
      "Restore drill: not authorized to perform dynamodb:RestoreTableFromBackup";

  static Stream<Arguments> drills() {
    return Stream.of(
        Arguments.of(
            "True",
            DRILL_PASSED,
            "Backup b restored in 40s and passed: 1200 items",
            "Healthy",
            READY),
        Arguments.of(
            "Unknown",
            DRILL_SKIPPED,
            "Skipped: its newest backup was verified by the last drill",
            "Healthy",
            READY),
        Arguments.of(
            "False", DRILL_FAILED, CHECK_FAILED, "Degraded", "Verified=False: " + CHECK_FAILED),
        Arguments.of("False", DRILL_ERROR, AWS_FAILED, "Degraded", "Verified=False: " + AWS_FAILED),
        // Skipped is written with Unknown; were it ever False, a skipped drill still found nothing
        // wrong with a backup
        Arguments.of(
            "False",
            DRILL_SKIPPED,
            "Skipped: the schedule owns no AVAILABLE backup yet",
            "Healthy",
            READY));
  }

  @ParameterizedTest(name = "Verified={0} ({1}) on a scheduled schedule is {3}")
  @MethodSource("drills")
  void aDrillThatDidNotVerifyTheBackupDegradesTheSchedule(
      String status, String reason, String message, String health, String shown) {
    LuaValue result =
        ArgoCdLua.run("health.lua", withVerified("healthy.yaml", status, reason, message));

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(shown);
  }

  @ParameterizedTest(name = "a failed drill beside {0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          suspended                | Degraded | Verified=False: Failed: 0 items, where the source had 1200 at backup time (tolerance 0%)
          progressing-backing-up   | Degraded | Verified=False: Failed: 0 items, where the source had 1200 at backup time (tolerance 0%)
          progressing-throttled    | Degraded | Verified=False: Failed: 0 items, where the source had 1200 at backup time (tolerance 0%)
          degraded-pitr-drifted    | Degraded | Verified=False: Failed: 0 items, where the source had 1200 at backup time (tolerance 0%)
          degraded-access-denied   | Degraded | AccessDenied: not authorized to perform dynamodb:CreateBackup
          """)
  void aFailingReadyWinsOverAFailedDrillWhichWinsOverEverythingElse(
      String fixture, String health, String message) {
    LuaValue result =
        ArgoCdLua.run(
            "health.lua", withVerified(fixture + ".yaml", "False", DRILL_FAILED, CHECK_FAILED));

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(message);
  }

  @Test
  void aFailedDrillLeftOverAfterSpecVerifyWasRemovedDoesNotCount() {
    ObjectNode resource = withVerified("healthy.yaml", "False", DRILL_FAILED, CHECK_FAILED);
    ((ObjectNode) resource.get("spec")).remove("verify");

    LuaValue result = ArgoCdLua.run("health.lua", resource);

    assertThat(result.get("status").tojstring()).isEqualTo("Healthy");
    assertThat(result.get("message").tojstring()).isEqualTo(READY);
  }

  @ParameterizedTest(name = "Verified=False with reason \"{0}\" and message \"{1}\" says \"{2}\"")
  @CsvSource(
      value = {"'', '', Verified=False", "Failed, '', Verified=False: Failed"},
      emptyValue = "")
  void aFailedDrillWithoutAMessageStillSaysWhatFailed(String reason, String message, String shown) {
    LuaValue result =
        ArgoCdLua.run("health.lua", withVerified("healthy.yaml", "False", reason, message));

    assertThat(result.get("status").tojstring()).isEqualTo("Degraded");
    assertThat(result.get("message").tojstring()).isEqualTo(shown);
  }

  @ParameterizedTest(name = "ExportVerified={1} ({2}) with verify.source {0} is {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          export | False | Failed  | Degraded
          both   | False | Failed  | Degraded
          both   | True  | Passed  | Healthy
          both   | Unknown | Skipped | Healthy
          backup | False | Failed  | Healthy
          """)
  void aFailedDrillOfTheExportChainDegradesTheScheduleWhileSpecVerifyDrillsTheChain(
      String source, String status, String reason, String health) {
    String failed = "Failed: 3 items, where the records allow 90 to 130 (base 100, 20 changed)";
    ObjectNode resource = withVerified("healthy.yaml", "True", DRILL_PASSED, "passed");
    ((ObjectNode) resource.get("spec").get("verify")).put("source", source);
    ((ArrayNode) resource.get("status").get("conditions"))
        .addObject()
        .put("type", "ExportVerified")
        .put("status", status)
        .put("reason", reason)
        .put("message", failed)
        .put("lastTransitionTime", "2026-11-29T05:20:00Z");

    LuaValue result = ArgoCdLua.run("health.lua", resource);

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    if ("Degraded".equals(health)) {
      assertThat(result.get("message").tojstring()).isEqualTo("ExportVerified=False: " + failed);
    }
  }

  /** The fixture with spec.verify and a Verified condition as DrillOutcome writes it. */
  static ObjectNode withVerified(String fixture, String status, String reason, String message) {
    ObjectNode resource = (ObjectNode) ArgoCdLua.fixture(fixture);
    ((ObjectNode) resource.get("spec"))
        .putObject("verify")
        .put("schedule", "0 5 * * 0")
        .put("timeoutMinutes", 60);
    ((ArrayNode) resource.get("status").get("conditions"))
        .addObject()
        .put("type", VERIFIED)
        .put("status", status)
        .put("reason", reason)
        .put("message", message)
        .put("lastTransitionTime", "2026-11-29T05:20:00Z")
        .put("observedGeneration", 3);
    return resource;
  }
}
