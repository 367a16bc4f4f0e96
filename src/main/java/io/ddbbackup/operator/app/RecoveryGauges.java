package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.Observation;
import java.time.Duration;
import java.time.Instant;

/** The recovery posture's gauge values, computed when scraped from what the last reconcile saw. */
final class RecoveryGauges {

  private RecoveryGauges() {}

  /** Seconds since the newest recovery point (since creation when there is none). */
  static double age(Observation s, Instant now) {
    Instant point = s.recovery().newest();
    Instant since = point != null ? point : s.createdAt();
    return since == null
        ? Double.NaN
        : Math.max(0, now.toEpochMilli() - since.toEpochMilli()) / 1000.0;
  }

  /**
   * Seconds since the newest slot older than the grace: a recovery point older than that slot means
   * the slot has none, whatever the cron's rhythm (a weekday cron allows three days over a
   * weekend). NaN while suspended or before the first such slot after creation.
   */
  static double ageLimit(Observation s, Instant now, Duration grace) {
    if (s.cron() == null || s.suspended()) {
      return Double.NaN;
    }
    Instant slot = s.cron().latestAtOrBefore(now.minus(grace)).orElse(null);
    if (slot == null || (s.createdAt() != null && !slot.isAfter(s.createdAt()))) {
      return Double.NaN;
    }
    return (now.toEpochMilli() - slot.toEpochMilli()) / 1000.0;
  }

  /** 1, 0, or NaN when not known. */
  static double bit(Boolean value) {
    return value == null ? Double.NaN : value ? 1 : 0;
  }
}
