package io.ddbbackup.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/**
 * metav1.Condition bookkeeping: a condition keeps its lastTransitionTime while its status holds.
 */
final class Conditions {

  static final String READY = "Ready";

  private Conditions() {}

  static void setReady(
      List<Condition> conditions, Ready ready, String message, Long generation, Instant now) {
    String status = ready.ready ? "True" : "False";
    Condition existing =
        conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
    String transition =
        existing != null && status.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : Times.format(now);
    Condition updated =
        new ConditionBuilder()
            .withType(READY)
            .withStatus(status)
            .withReason(ready.reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    conditions.removeIf(c -> READY.equals(c.getType()));
    conditions.add(updated);
  }

  static Condition ready(List<Condition> conditions) {
    return conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
  }
}
