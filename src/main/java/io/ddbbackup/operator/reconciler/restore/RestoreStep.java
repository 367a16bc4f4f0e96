package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.Progress;
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
 * @param progress the wake-up asked for, a queued call, the failure that ended the work
 */
record RestoreStep(
    DynamoDBRestore resource,
    RestoreSettings settings,
    TableTarget target,
    Instant now,
    RestoreState state,
    BackupDetails details,
    News news,
    boolean halted,
    Progress progress)
    implements Progress.Carried {

  /** A line for the Ready condition. */
  record News(RestoreReason reason, String message) {}

  static RestoreStep begin(
      DynamoDBRestore resource, RestoreSettings settings, Instant now, RestoreState state) {
    return new RestoreStep(
        resource, settings, settings.target(), now, state, null, null, false, Progress.NONE);
  }

  /** A restore whose spec is invalid: there are no settings and no target to act on. */
  static RestoreStep invalid(DynamoDBRestore resource, Instant now, RestoreState state) {
    return new RestoreStep(resource, null, null, now, state, null, null, false, Progress.NONE);
  }

  /** True once a call failed or was queued, or a part halted the restore. */
  boolean stopped() {
    return progress.stopped() || halted;
  }

  /** The restore cannot go on now for {@code reason}: try again after a backoff. */
  RestoreStep waiting(RestoreReason reason, String message) {
    News n = new News(reason, message);
    return new RestoreStep(resource, settings, target, now, state, details, n, true, progress);
  }

  /** The restore can never succeed as specified: phase Failed. */
  RestoreStep failedFor(RestoreReason reason, String message) {
    return with(state.with(s -> s.phase = RestorePhase.Failed)).waiting(reason, message);
  }

  RestoreStep with(RestoreState s) {
    return new RestoreStep(resource, settings, target, now, s, details, news, halted, progress);
  }

  RestoreStep written(DynamoDBRestore r) {
    return new RestoreStep(r, settings, target, now, state, details, news, halted, progress);
  }

  RestoreStep towards(TableTarget t) {
    return new RestoreStep(resource, settings, t, now, state, details, news, halted, progress);
  }

  RestoreStep withDetails(BackupDetails d) {
    return new RestoreStep(resource, settings, target, now, state, d, news, halted, progress);
  }

  RestoreStep reporting(RestoreReason reason, String message) {
    News n = new News(reason, message);
    return new RestoreStep(resource, settings, target, now, state, details, n, halted, progress);
  }

  private RestoreStep with(Progress p) {
    return new RestoreStep(resource, settings, target, now, state, details, news, halted, p);
  }

  /** Asks to be woken {@code delay} after {@code asked}, unless an earlier wake-up is asked. */
  RestoreStep wakeWithin(Instant asked, Duration delay) {
    return with(progress.wakeWithin(asked, delay));
  }

  /** A call failed, or our rate-limit queue refused it: see {@link Progress#stoppedBy}. */
  RestoreStep stoppedBy(BackupStoreException e, Instant asked) {
    return with(progress.stoppedBy(e, asked));
  }

  /**
   * The call that was to make the target table failed. A table that already exists is someone
   * else's, made since our DescribeTable (the call made nothing): back to Pending, waiting for the
   * user. Anything else stops this reconcile; the start stays recorded and is looked up next time.
   */
  RestoreStep targetNotMade(BackupStoreException e, Instant asked) {
    if (e.failure() == BackupStoreException.Failure.TABLE_ALREADY_EXISTS) {
      return with(state().with(s -> s.phase = RestorePhase.Pending))
          .waiting(RestoreReason.TARGET_EXISTS, targetExists());
    }
    return stoppedBy(e, asked);
  }

  /** Why a restore waits for a target table that exists and is not its own. */
  String targetExists() {
    return ("table %s exists and was not restored by this DynamoDBRestore: the operator never"
            + " writes to or deletes it. Delete or rename that table, or restore into another"
            + " spec.targetTableName with a new DynamoDBRestore")
        .formatted(target().table());
  }

  /** {@code namespace/name}, for log lines. */
  String key() {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
