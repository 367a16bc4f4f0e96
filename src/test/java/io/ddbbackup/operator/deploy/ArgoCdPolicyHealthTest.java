package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.reconciler.policy.PolicyReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.LuaValue;

/**
 * config/argocd/policy-health.lua, run as Argo CD runs it, against DynamoDBBackupPolicy statuses
 * with the reasons the operator writes (read from its code).
 */
class ArgoCdPolicyHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode policy(
      long generation,
      Long observed,
      String ready,
      String reason,
      int covered,
      int failing,
      int skipped) {
    ObjectNode p = JSON.createObjectNode();
    p.putObject("metadata").put("name", "nightly").put("generation", generation);
    ObjectNode status = p.putObject("status");
    if (observed != null) {
      status.put("observedGeneration", observed);
    }
    status.put("covered", covered).put("failing", failing).put("skipped", skipped);
    if (ready != null) {
      status
          .putArray("conditions")
          .addObject()
          .put("type", "Ready")
          .put("status", ready)
          .put("reason", reason)
          .put("message", "the message");
    }
    return p;
  }

  @ParameterizedTest(name = "Ready={0} {1}, covered {2}, failing {3}, skipped {4} -> {5}")
  @CsvSource({
    "True, Discovered, 12, 0, 0, Healthy, 12 table(s) covered",
    "True, Discovered, 12, 0, 2, Healthy, '12 table(s) covered, 2 skipped'",
    "True, Discovered, 12, 3, 0, Degraded, 3 of 12 generated schedule(s) not Ready",
    "False, AccessDenied, 12, 0, 0, Degraded, 'AccessDenied: the message'",
    "False, InvalidSpec, 0, 0, 0, Degraded, 'InvalidSpec: the message'",
    "False, DiscoveryFailed, 0, 0, 0, Degraded, 'DiscoveryFailed: the message'",
    "False, Throttled, 0, 0, 0, Progressing, 'Throttled: the message'",
  })
  void healthFollowsReadyAndTheGeneratedSchedules(
      String ready,
      String reason,
      int covered,
      int failing,
      int skipped,
      String health,
      String message) {
    LuaValue result =
        ArgoCdLua.run("policy-health.lua", policy(2, 2L, ready, reason, covered, failing, skipped));
    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).startsWith(message);
  }

  @Test
  void anUnobservedGenerationOrNoStatusIsProgressing() {
    assertThat(
            ArgoCdLua.run("policy-health.lua", policy(3, 2L, "True", "Discovered", 1, 0, 0))
                .get("status")
                .tojstring())
        .isEqualTo("Progressing");
    ObjectNode none = JSON.createObjectNode();
    none.putObject("metadata").put("name", "nightly").put("generation", 1);
    assertThat(ArgoCdLua.run("policy-health.lua", none).get("status").tojstring())
        .isEqualTo("Progressing");
  }

  @Test
  void everyReasonTheOperatorWritesHasAHealth() {
    for (PolicyReason reason : PolicyReason.values()) {
      LuaValue result =
          ArgoCdLua.run(
              "policy-health.lua",
              policy(1, 1L, reason.ready() ? "True" : "False", reason.reason(), 1, 0, 0));
      assertThat(result.get("status").tojstring())
          .as(reason.reason())
          .isIn(reason.ready() ? "Healthy" : "Degraded", "Progressing");
    }
  }
}
