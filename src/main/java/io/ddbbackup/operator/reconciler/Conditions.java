package io.ddbbackup.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * metav1.Condition bookkeeping: a condition keeps its lastTransitionTime while its status holds.
 */
public final class Conditions {

  public static final String READY = "Ready";

  private Conditions() {}

  /** {@code conditions} with Ready replaced; the others are kept as they are. */
  public static List<Condition> withReady(
      List<Condition> conditions,
      ConditionReason reason,
      String message,
      Long generation,
      Instant now) {
    return withReady(conditions, READY, reason.ready(), reason.reason(), message, generation, now);
  }

  /**
   * {@code conditions} with the condition of {@code type} replaced; the others are kept as they
   * are. Its lastTransitionTime moves only when its status changes.
   */
  public static List<Condition> withReady(
      List<Condition> conditions,
      String type,
      boolean ready,
      String reason,
      String message,
      Long generation,
      Instant now) {
    return with(conditions, type, ready ? "True" : "False", reason, message, generation, now);
  }

  /**
   * {@code conditions} with the condition of {@code type} set to {@code status} (True, False or
   * Unknown); its lastTransitionTime moves only when its status changes.
   */
  public static List<Condition> with(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    Condition existing = of(conditions, type);
    String transition =
        existing != null && status.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : StatusTimes.format(now);
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    List<Condition> result = without(conditions, type);
    result.add(updated);
    return result;
  }

  /** {@code conditions} without the condition of {@code type}. */
  public static List<Condition> without(List<Condition> conditions, String type) {
    List<Condition> result = new ArrayList<>(conditions);
    result.removeIf(c -> type.equals(c.getType()));
    return result;
  }

  public static Condition ready(List<Condition> conditions) {
    return of(conditions, READY);
  }

  /** The condition of {@code type}, or null. */
  public static Condition of(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
