package io.ddbbackup.operator.reconciler.policy;

/**
 * What a backup policy's reconcile tells the metrics: its tables by state, after each reconcile.
 * The operator's implementation (in {@code app}) keeps them as gauges; tests pass {@link #NONE}.
 */
public interface PolicyMetrics {

  /** Tells nothing. */
  PolicyMetrics NONE = new PolicyMetrics() {};

  /**
   * The policy's tables as its status now says.
   *
   * @param uncovered selected tables that have no schedule at all (not permitted, or not generated
   *     yet); null when this reconcile made no discovery (the last value stands)
   */
  record Tables(int matched, int covered, int skipped, int failing, Integer uncovered) {}

  default void observed(String namespace, String name, Tables tables) {}

  /** The policy is gone: its series go. */
  default void forget(String namespace, String name) {}
}
