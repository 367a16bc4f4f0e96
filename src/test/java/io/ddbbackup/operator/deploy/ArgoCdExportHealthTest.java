package io.ddbbackup.operator.deploy;

import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.EXPORTED;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.EXPORT_COMPLETED;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.EXPORT_FAILED;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.EXPORT_GAP;
import static io.ddbbackup.operator.reconciler.schedule.ScheduleReasons.EXPORT_PITR_OFF;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;

/**
 * config/argocd/health.lua and the Exported condition of spec.export: a bucket that is not
 * receiving the table's changes degrades the schedule, as a failed drill does. The reasons are the
 * ones the operator writes (read from its code).
 */
class ArgoCdExportHealthTest {

  private static final String READY = "Scheduled: next backup at 2026-11-27T02:00:00Z";
  private static final String PITR_OFF =
      "Point-in-time recovery of table orders is off, and exports need it: turn it on with"
          + " spec.pointInTimeRecovery (enabled: true)";

  static Stream<Arguments> exports() {
    return Stream.of(
        Arguments.of("True", EXPORT_COMPLETED, "The bucket holds every change", "Healthy", READY),
        Arguments.of(
            "False", EXPORT_PITR_OFF, PITR_OFF, "Degraded", EXPORT_PITR_OFF + ": " + PITR_OFF),
        Arguments.of(
            "False",
            EXPORT_FAILED,
            "Export full at 2026-11-27T01:00:00Z failed: S3AccessDenied",
            "Degraded",
            EXPORT_FAILED + ": Export full at 2026-11-27T01:00:00Z failed: S3AccessDenied"),
        Arguments.of(
            "False",
            EXPORT_GAP,
            "Changes from a to b left the point-in-time recovery window",
            "Degraded",
            EXPORT_GAP + ": Changes from a to b left the point-in-time recovery window"));
  }

  @ParameterizedTest(name = "Exported={0} ({1}) on a scheduled schedule is {3}")
  @MethodSource("exports")
  void exportsThatDoNotReachTheBucketDegradeTheSchedule(
      String status, String reason, String message, String health, String shown) {
    LuaValue result =
        ArgoCdLua.run("health.lua", withExported("healthy.yaml", status, reason, message));

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(shown);
  }

  @Test
  void aFailingReadyIsShownFirst() {
    LuaValue result =
        ArgoCdLua.run(
            "health.lua", withExported("degraded-access-denied.yaml", "False", EXPORT_FAILED, "x"));

    assertThat(result.get("status").tojstring()).isEqualTo("Degraded");
    assertThat(result.get("message").tojstring())
        .isEqualTo("AccessDenied: not authorized to perform dynamodb:CreateBackup");
  }

  @Test
  void anExportedConditionLeftOverAfterSpecExportWasRemovedDoesNotCount() {
    ObjectNode resource = withExported("healthy.yaml", "False", EXPORT_FAILED, "x");
    ((ObjectNode) resource.get("spec")).remove("export");

    LuaValue result = ArgoCdLua.run("health.lua", resource);

    assertThat(result.get("status").tojstring()).isEqualTo("Healthy");
  }

  /** The fixture with spec.export and an Exported condition as OffsiteExport writes it. */
  static ObjectNode withExported(String fixture, String status, String reason, String message) {
    ObjectNode resource = (ObjectNode) ArgoCdLua.fixture(fixture);
    ((ObjectNode) resource.get("spec"))
        .putObject("export")
        .put("s3Bucket", "offsite-backups")
        .put("full", "0 1 * * *");
    ((ArrayNode) resource.get("status").get("conditions"))
        .addObject()
        .put("type", EXPORTED)
        .put("status", status)
        .put("reason", reason)
        .put("message", message)
        .put("lastTransitionTime", "2026-11-29T05:20:00Z")
        .put("observedGeneration", 3);
    return resource;
  }
}
