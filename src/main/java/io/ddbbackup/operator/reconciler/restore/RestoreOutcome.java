package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.Wake;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a restore's reconcile: an AWS failure reported and retried after a backoff (or final
 * when retrying changes nothing), a Warning Event for a restore that cannot go on, the metrics
 * told, the status written with its Ready condition, and the wake-up turned into a delay.
 */
final class RestoreOutcome {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreOutcome.class);

  /** Failures that say the request itself is wrong: retrying changes nothing. */
  private static final Set<Failure> FINAL =
      Set.of(Failure.INVALID_REQUEST, Failure.INVALID_RESTORE_TIME);

  private final RestoreRecorder recorder;
  private final ResourceEvents events;
  private final RestoreMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;

  RestoreOutcome(
      RestoreRecorder recorder,
      ResourceEvents events,
      RestoreMetrics metrics,
      Backoff backoff,
      Clock clock) {
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Reports, writes the status, and says when to be woken (empty: never). */
  Optional<Duration> finish(RestoreStep done) {
    RestoreStep step = failed(done);
    if (step.halted() && step.news() != null && !step.news().reason().ready()) {
      // a restore that cannot go on: a Warning Event, aggregated when it repeats
      events.warning(step.resource(), step.news().reason().reason(), step.news().message());
    }
    RestoreState before = RestoreState.of(step.resource().getStatus());
    if (step.state().phase() == RestorePhase.Failed && before.phase() != RestorePhase.Failed) {
      metrics.finished(step.resource().getMetadata().getNamespace(), "Failed", null);
    }
    recorder.write(step);
    return Optional.ofNullable(step.wakeAt()).map(at -> Wake.delayUntil(clock, at));
  }

  /** An AWS failure: counted, reported, and retried after a backoff, or final when it must be. */
  private RestoreStep failed(RestoreStep step) {
    BackupStoreException e = step.failure();
    if (e == null) {
      if (!step.halted() || step.state().phase() == RestorePhase.Failed) {
        return step;
      }
      // waiting for the source backup to be AVAILABLE is no failure: look again soon
      return step.news().reason().ready()
          ? step.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO))
          : backOff(step, false);
    }
    LOG.warn("AWS call failed for restore {}: {}", step.key(), e.getMessage());
    // a restore already Completed stays so: a later look (for its counts) that fails is reported
    // on Ready and tried again, it never turns the finished table into a failed restore
    if (FINAL.contains(e.failure()) && step.state().phase() != RestorePhase.Completed) {
      return step.failedFor(RestoreReason.RESTORE_FAILED, e.getMessage());
    }
    RestoreReason reason = RestoreReason.of(e.failure());
    return backOff(step.waiting(reason, e.getMessage()), e.failure().isTransient());
  }

  private RestoreStep backOff(RestoreStep step, boolean transientFailure) {
    int failures = step.state().consecutiveFailures() + 1;
    return step.with(step.state().with(s -> s.consecutiveFailures = failures))
        .wakeWithin(clock.instant(), backoff.failure(failures, transientFailure));
  }
}
