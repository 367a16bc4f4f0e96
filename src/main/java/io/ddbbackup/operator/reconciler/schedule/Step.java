package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.Progress;
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
 * @param pruneDue a backup became AVAILABLE and its retention still has to run
 * @param progress the wake-up asked for, a queued call, the failure that ended the work
 */
record Step(
    DynamoDBBackupSchedule resource,
    ScheduleSettings settings,
    Instant now,
    ScheduleState state,
    SlotDecision plan,
    News news,
    boolean pruneDue,
    Progress progress)
    implements Progress.Carried {

  /** A line for the Ready condition. */
  record News(ReadyReason reason, String message) {}

  static Step begin(
      DynamoDBBackupSchedule resource,
      ScheduleSettings settings,
      Instant now,
      ScheduleState state,
      SlotDecision plan,
      boolean pruneDue) {
    return new Step(resource, settings, now, state, plan, null, pruneDue, Progress.NONE);
  }

  /** True once a call failed or was queued: the parts after it do nothing. */
  boolean stopped() {
    return progress.stopped();
  }

  Step with(ScheduleState s) {
    return new Step(resource, settings, now, s, plan, news, pruneDue, progress);
  }

  Step written(DynamoDBBackupSchedule r) {
    return new Step(r, settings, now, state, plan, news, pruneDue, progress);
  }

  Step reporting(ReadyReason reason, String message) {
    return new Step(
        resource, settings, now, state, plan, new News(reason, message), pruneDue, progress);
  }

  Step slotHandled() {
    return new Step(resource, settings, now, state, plan.handled(), news, pruneDue, progress);
  }

  Step withPruneDue(boolean due) {
    return new Step(resource, settings, now, state, plan, news, due, progress);
  }

  private Step with(Progress p) {
    return new Step(resource, settings, now, state, plan, news, pruneDue, p);
  }

  /** Asks to be woken at {@code at}, unless an earlier wake-up is asked for already. */
  Step wakeBy(Instant at) {
    return with(progress.wakeBy(at));
  }

  /**
   * Asks to be woken {@code delay} after {@code asked}, the moment of asking (not {@link #now}).
   */
  Step wakeWithin(Instant asked, Duration delay) {
    return with(progress.wakeWithin(asked, delay));
  }

  /** The call failed, or our rate-limit queue refused it: see {@link Progress#stoppedBy}. */
  Step stoppedBy(BackupStoreException e, Instant asked) {
    return with(progress.stoppedBy(e, asked));
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
