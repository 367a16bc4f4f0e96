package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Instant;

/**
 * What the reconciler tells the metrics about each schedule. The implementation lives in the app
 * (Micrometer); every method does nothing unless overridden, and tests that don't care use {@link
 * #NONE}.
 */
public interface ScheduleMetrics {

  /** Identifies a schedule's series. */
  record Key(String namespace, String name, String table) {}

  /**
   * The state after a reconcile of a valid schedule. Gauges that depend on the time (is the newest
   * due slot overdue?) are computed when scraped, since nothing reconciles between slots.
   */
  default void observed(
      Key key,
      CronSchedule cron,
      boolean suspended,
      Instant createdAt,
      Instant lastSuccessfulTime,
      Instant nextSlot,
      Integer backupCount,
      boolean ready) {}

  /** A schedule whose spec is invalid: it is not ready and nothing about its slots is known. */
  default void invalid(Key key) {}

  default void backupCreated(Key key) {}

  default void backupFailed(Key key, String reason) {}

  default void backupsPruned(Key key, int count) {}

  default void slotsMissed(Key key, long count) {}

  /** The schedule is gone: its series must disappear. */
  default void forget(String namespace, String name) {}

  /** Records nothing. */
  ScheduleMetrics NONE = new ScheduleMetrics() {};
}
