package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.Wake;
import io.ddbbackup.operator.schedule.SlotDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a schedule's reconcile: an AWS failure counted and reported, the Ready condition built
 * once from what happened ({@link ReadyReport}), the status written or held ({@link
 * StatusRecorder}), the metrics told, and the wake-up turned into a delay.
 */
final class ReconcileOutcome {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileOutcome.class);

  /** How soon a reconcile whose status write lost to a conflict comes back to write it. */
  static final Duration CONFLICT_RETRY = Duration.ofSeconds(1);

  private final StatusRecorder recorder;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;

  ReconcileOutcome(
      StatusRecorder recorder,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock) {
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Ready, the status write, the metrics, and when to be woken (null: never). */
  Optional<Duration> finish(Step done) {
    Step step = failed(done);
    SlotDecision plan = step.plan();
    step = step.with(step.state().with(s -> s.nextScheduleTime = plan.nextSlot()));
    // an instant, turned into a delay only when the reconcile is over: one that spent a second on
    // AWS and status writes would otherwise wake a second after the slot
    step = step.wakeBy(plan.nextSlot());
    if (plan.due() && !step.state().backupInFlight()) {
      // a slot is due but could not be started (a failure above): come back after a backoff
      int failures = Math.max(1, step.state().consecutiveFailures());
      step = step.wakeWithin(clock.instant(), backoff.failure(failures, true));
    }
    Step reported = step;
    ScheduleState state =
        step.state()
            .with(
                s ->
                    s.conditions =
                        ReadyReport.conditions(
                            reported.state(),
                            reported.news(),
                            reported.queued(),
                            reported.settings().suspend(),
                            plan.nextSlot(),
                            reported.resource().getMetadata().getGeneration(),
                            reported.now()));
    step = step.with(state);
    DynamoDBBackupSchedule written = recorder.finish(step);
    if (written == null) {
      // lost to a conflict and kept: the next reconcile writes it, as soon as the cache has caught
      // up
      step = step.wakeWithin(clock.instant(), CONFLICT_RETRY);
      written = step.resource();
    }
    // the metrics see the latest checks, written or not
    Step observed = step.with(recorder.withQuietFindings(written, step.state()));
    metrics.observed(step.metricsKey(), ScheduleObservation.of(observed, written));
    return Optional.ofNullable(step.wakeAt()).map(at -> Wake.delayUntil(clock, at));
  }

  /** An AWS failure: counted, reported, and retried after a backoff. */
  private Step failed(Step step) {
    BackupStoreException e = step.failure();
    if (e == null) {
      return step;
    }
    int failures = step.state().consecutiveFailures() + 1;
    ReadyReason reason = ReadyReason.of(e.failure());
    LOG.warn(
        "AWS call failed for {} (table {}): {}",
        step.key(),
        step.settings().tableName(),
        e.getMessage());
    events.warning(step.resource(), reason.reason(), e.getMessage());
    metrics.backupFailed(step.metricsKey(), reason.reason());
    // an unfinished prune is retried after the next backup
    return step.with(step.state().with(s -> s.consecutiveFailures = failures))
        .withPruneDue(false)
        .reporting(reason, e.getMessage())
        .wakeWithin(clock.instant(), backoff.failure(failures, e.failure().isTransient()));
  }
}
