package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.schedule.SlotDecision;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one reconcile of a valid schedule stands: each part of the reconcile takes a step and
 * returns the next. Nothing in it changes; a part that acts returns a new one.
 *
 * @param resource the schedule as last read or written (a status write gives it a new version)
 * @param now the time this reconcile acts at, read once
 * @param state the status as it now stands, written at the end (or before CreateBackup)
 * @param plan the slot decision of this reconcile, taken once; {@link SlotDecision#handled} once
 *     its slot is acted on
 * @param news what this reconcile reports in the Ready condition; null when nothing happened
 * @param wakeAt when to be woken, at the earliest; null when nothing asks for it
 * @param pruneDue a backup became AVAILABLE and its retention still has to run
 * @param queued a call was not made because its rate-limit queue was long: come back in turn
 * @param failure the AWS failure that ended this reconcile's work, if any
 */
record Step(
    DynamoDBBackupSchedule resource,
    ScheduleSettings settings,
    Instant now,
    ScheduleState state,
    SlotDecision plan,
    News news,
    Instant wakeAt,
    boolean pruneDue,
    boolean queued,
    BackupStoreException failure) {

  /** A line for the Ready condition. */
  record News(ReadyReason reason, String message) {}

  static Step begin(
      DynamoDBBackupSchedule resource,
      ScheduleSettings settings,
      Instant now,
      ScheduleState state,
      SlotDecision plan,
      boolean pruneDue) {
    return new Step(resource, settings, now, state, plan, null, null, pruneDue, false, null);
  }

  /** True once a call failed or was queued: the parts after it do nothing. */
  boolean stopped() {
    return failure != null || queued;
  }

  Step with(ScheduleState s) {
    return new Step(resource, settings, now, s, plan, news, wakeAt, pruneDue, queued, failure);
  }

  Step written(DynamoDBBackupSchedule r) {
    return new Step(r, settings, now, state, plan, news, wakeAt, pruneDue, queued, failure);
  }

  Step reporting(ReadyReason reason, String message) {
    News n = new News(reason, message);
    return new Step(resource, settings, now, state, plan, n, wakeAt, pruneDue, queued, failure);
  }

  Step slotHandled() {
    SlotDecision p = plan.handled();
    return new Step(resource, settings, now, state, p, news, wakeAt, pruneDue, queued, failure);
  }

  Step withPruneDue(boolean due) {
    return new Step(resource, settings, now, state, plan, news, wakeAt, due, queued, failure);
  }

  /** Asks to be woken at {@code at}, unless an earlier wake-up is asked for already. */
  Step wakeBy(Instant at) {
    Instant w = at == null || (wakeAt != null && wakeAt.isBefore(at)) ? wakeAt : at;
    return new Step(resource, settings, now, state, plan, news, w, pruneDue, queued, failure);
  }

  /**
   * Asks to be woken {@code delay} after {@code asked}, the moment of asking (not {@link #now}).
   */
  Step wakeWithin(Instant asked, Duration delay) {
    return wakeBy(asked.plus(delay));
  }

  /**
   * The call failed: the parts after this one do nothing. A call our own rate-limit queue refused
   * is no failure: come back when a permit is expected.
   */
  Step stoppedBy(BackupStoreException e, Instant asked) {
    if (e.failure() == BackupStoreException.Failure.QUEUED) {
      Step queuedStep =
          new Step(resource, settings, now, state, plan, news, wakeAt, pruneDue, true, failure);
      return queuedStep.wakeWithin(asked, e.retryAfter());
    }
    return new Step(resource, settings, now, state, plan, news, wakeAt, pruneDue, queued, e);
  }

  /**
   * With the condition of {@code type} set (True, False or Unknown), of this resource's generation;
   * its lastTransitionTime moves only when its status does.
   */
  Step withCondition(String type, String status, String reason, String message) {
    Long generation = resource.getMetadata().getGeneration();
    return with(
        state.with(
            s ->
                s.conditions =
                    Conditions.with(s.conditions, type, status, reason, message, generation, now)));
  }

  /** Identifies the schedule's metric series. */
  ScheduleMetrics.Key metricsKey() {
    var meta = resource.getMetadata();
    return new ScheduleMetrics.Key(meta.getNamespace(), meta.getName(), settings.tableName());
  }

  /** {@code namespace/name}, for log lines. */
  String key() {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
