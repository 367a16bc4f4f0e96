package io.ddbbackup.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * metav1.Condition bookkeeping: a condition keeps its lastTransitionTime while its status holds.
 */
final class Conditions {

  static final String READY = "Ready";

  private Conditions() {}

  /** {@code conditions} with Ready replaced; the others are kept as they are. */
  static List<Condition> withReady(
      List<Condition> conditions,
      ReadyReason reason,
      String message,
      Long generation,
      Instant now) {
    String status = reason.ready ? "True" : "False";
    Condition existing = ready(conditions);
    String transition =
        existing != null && status.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : ScheduleState.formatTime(now);
    Condition updated =
        new ConditionBuilder()
            .withType(READY)
            .withStatus(status)
            .withReason(reason.reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    List<Condition> result = new ArrayList<>(conditions);
    result.removeIf(c -> READY.equals(c.getType()));
    result.add(updated);
    return result;
  }

  static Condition ready(List<Condition> conditions) {
    return conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
  }
}
