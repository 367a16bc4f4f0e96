package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Instant;

/**
 * What the reconciler tells the metrics about each schedule. The implementation lives in the app
 * (Micrometer); tests and tools that don't care use {@link #NONE}.
 */
public interface ScheduleMetrics {

  /** Identifies a schedule's series. */
  record Key(String namespace, String name, String table) {}

  /**
   * The state after a reconcile of a valid schedule. Gauges that depend on the time (is the newest
   * due slot overdue?) are computed when scraped, since nothing reconciles between slots.
   */
  void observed(
      Key key,
      CronSchedule cron,
      boolean suspended,
      Instant createdAt,
      Instant lastSuccessfulTime,
      Instant nextSlot,
      Integer backupCount,
      boolean ready);

  /** A schedule whose spec is invalid: it is not ready and nothing about its slots is known. */
  void invalid(Key key);

  void backupCreated(Key key);

  void backupFailed(Key key, String reason);

  void backupsPruned(Key key, int count);

  void slotsMissed(Key key, long count);

  /** The schedule is gone: its series must disappear. */
  void forget(String namespace, String name);

  ScheduleMetrics NONE =
      new ScheduleMetrics() {
        @Override
        public void observed(
            Key key,
            CronSchedule cron,
            boolean suspended,
            Instant createdAt,
            Instant lastSuccessfulTime,
            Instant nextSlot,
            Integer backupCount,
            boolean ready) {}

        @Override
        public void invalid(Key key) {}

        @Override
        public void backupCreated(Key key) {}

        @Override
        public void backupFailed(Key key, String reason) {}

        @Override
        public void backupsPruned(Key key, int count) {}

        @Override
        public void slotsMissed(Key key, long count) {}

        @Override
        public void forget(String namespace, String name) {}
      };
}
