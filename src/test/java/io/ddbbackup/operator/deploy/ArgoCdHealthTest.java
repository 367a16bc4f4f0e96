package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.LuaValue;

/** config/argocd/health.lua, run as Argo CD runs it, against fixture resources. */
class ArgoCdHealthTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          healthy                             | Healthy     | Scheduled: next backup at 2026-11-27T02:00:00Z
          progressing-generation-not-observed | Progressing | Waiting for the operator to observe generation 4
          progressing-backing-up              | Progressing | BackingUp: backup shop-orders-nightly-20261126T020000Z is CREATING
          progressing-no-status               | Progressing | Waiting for the operator to report a status
          progressing-no-ready-condition      | Progressing | Waiting for the Ready condition
          suspended                           | Suspended   | Suspended: suspended: no scheduled backups
          degraded-invalid-spec               | Degraded    | InvalidSpec: spec.timeZone "Europe/Berln" is not a known IANA zone
          degraded-table-not-found            | Degraded    | TableNotFound: table orders not found in eu-west-1
          degraded-access-denied              | Degraded    | AccessDenied: not authorized to perform dynamodb:CreateBackup
          degraded-throttled                  | Degraded    | Throttled: CreateBackup throttled; retrying in 40s
          degraded-backup-failed              | Degraded    | BackupFailed: backup shop-orders-nightly-20261126T020000Z ended FAILED
          degraded-not-permitted              | Degraded    | NotPermitted: continuous backups are not permitted on this table
          """)
  void theScheduleHasTheHealthItsReadyConditionSays(String fixture, String status, String message) {
    LuaValue health = ArgoCdLua.run("health.lua", ArgoCdLua.fixture(fixture + ".yaml"));

    assertThat(health.get("status").tojstring()).isEqualTo(status);
    assertThat(health.get("message").tojstring()).isEqualTo(message);
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
}
