package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.restore.BackupDetails;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one reconcile of a restore stands: each part takes a step and returns the next.
 *
 * @param target where the new table goes and as whom: the spec's region and role, else those of the
 *     source schedule or ARN
 * @param details the source backup as DescribeBackup tells it, once read in this reconcile
 * @param news what this reconcile reports in the Ready condition; null when nothing happened
 * @param halted a part found the restore cannot go on now (see news), or ever (phase Failed)
 * @param failure the AWS failure that ended this reconcile's work, if any
 */
record RestoreStep(
    DynamoDBRestore resource,
    RestoreSettings settings,
    TableTarget target,
    Instant now,
    RestoreState state,
    BackupDetails details,
    News news,
    Instant wakeAt,
    boolean queued,
    boolean halted,
    BackupStoreException failure) {

  /** A line for the Ready condition. */
  record News(RestoreReason reason, String message) {}

  static RestoreStep begin(
      DynamoDBRestore resource, RestoreSettings settings, Instant now, RestoreState state) {
    return new RestoreStep(
        resource, settings, settings.target(), now, state, null, null, null, false, false, null);
  }

  /** True once a call failed or was queued, or a part halted the restore. */
  boolean stopped() {
    return failure != null || queued || halted;
  }

  /** The restore cannot go on now for {@code reason}: try again after a backoff. */
  RestoreStep waiting(RestoreReason reason, String message) {
    News n = new News(reason, message);
    return new RestoreStep(
        resource, settings, target, now, state, details, n, wakeAt, queued, true, failure);
  }

  /** The restore can never succeed as specified: phase Failed. */
  RestoreStep failedFor(RestoreReason reason, String message) {
    return with(state.with(s -> s.phase = RestorePhase.Failed)).waiting(reason, message);
  }

  RestoreStep with(RestoreState s) {
    return new RestoreStep(
        resource, settings, target, now, s, details, news, wakeAt, queued, halted, failure);
  }

  RestoreStep written(DynamoDBRestore r) {
    return new RestoreStep(
        r, settings, target, now, state, details, news, wakeAt, queued, halted, failure);
  }

  RestoreStep towards(TableTarget t) {
    return new RestoreStep(
        resource, settings, t, now, state, details, news, wakeAt, queued, halted, failure);
  }

  RestoreStep withDetails(BackupDetails d) {
    return new RestoreStep(
        resource, settings, target, now, state, d, news, wakeAt, queued, halted, failure);
  }

  RestoreStep reporting(RestoreReason reason, String message) {
    News n = new News(reason, message);
    return new RestoreStep(
        resource, settings, target, now, state, details, n, wakeAt, queued, halted, failure);
  }

  /** Asks to be woken {@code delay} after {@code asked}, unless an earlier wake-up is asked. */
  RestoreStep wakeWithin(Instant asked, Duration delay) {
    Instant at = asked.plus(delay);
    Instant w = wakeAt != null && wakeAt.isBefore(at) ? wakeAt : at;
    return new RestoreStep(
        resource, settings, target, now, state, details, news, w, queued, halted, failure);
  }

  /** A call failed (or our rate-limit queue refused it: come back in turn). */
  RestoreStep stoppedBy(BackupStoreException e, Instant asked) {
    if (e.failure() == BackupStoreException.Failure.QUEUED) {
      return new RestoreStep(
              resource, settings, target, now, state, details, news, wakeAt, true, halted, failure)
          .wakeWithin(asked, e.retryAfter());
    }
    return new RestoreStep(
        resource, settings, target, now, state, details, news, wakeAt, queued, halted, e);
  }

  /** {@code namespace/name}, for log lines. */
  String key() {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
