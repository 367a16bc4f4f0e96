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

  /**
   * A restore from the export chain completed.
   *
   * @param duration from the import call to the last incremental export replayed
   * @param itemsReplayed the changed items of the incremental exports replayed
   */
  default void fromExport(String namespace, Duration duration, long itemsReplayed) {}

  /** Records nothing. */
  RestoreMetrics NONE = new RestoreMetrics() {};
}
