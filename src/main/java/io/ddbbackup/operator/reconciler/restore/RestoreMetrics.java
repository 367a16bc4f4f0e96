package io.ddbbackup.operator.reconciler.restore;

import java.time.Duration;

/** What the restore reconciler tells the metrics; the implementation lives in the app. */
public interface RestoreMetrics {

  /**
   * A restore ended.
   *
   * @param outcome Completed or Failed
   * @param duration the measured time to restore; null when it failed before it started
   */
  default void finished(String namespace, String outcome, Duration duration) {}

  /** Records nothing. */
  RestoreMetrics NONE = new RestoreMetrics() {};
}
