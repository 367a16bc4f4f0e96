package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protections in force on the export bucket (versioning, Object Lock), read from S3 into
 * status.export, and what spec.export.requireObjectLock makes of them. They are read while status
 * holds none for the destination's bucket, and again with each new base.
 *
 * <p>A failed read does not stop the exports. It backs off as the export calls do (the shared
 * {@link Backoff}), so a bucket that refuses the read is not asked on every reconcile of an export,
 * and a streak of failures is told once (a Warning Event); a read that succeeds ends the streak.
 */
final class BucketProtectionsWatch {

  private static final Logger LOG = LoggerFactory.getLogger(BucketProtectionsWatch.class);

  private final ExportBucket bucket;
  private final ResourceEvents events;
  private final Backoff backoff;
  private final Clock clock;
  private final ScheduleMemory memory;

  /**
   * @param bucket the export bucket; null for an operator without one (nothing is read)
   */
  BucketProtectionsWatch(
      ExportBucket bucket,
      ResourceEvents events,
      Backoff backoff,
      Clock clock,
      ScheduleMemory memory) {
    this.bucket = bucket;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
    this.memory = memory;
  }

  /** Reads the protections when status holds none of the destination's bucket. */
  Step readIfUnknown(Step step, ExportSettings want) {
    OffsiteChain.Protections known = step.state().offsite().protections();
    if (known != null && known.bucket().equals(want.destination().bucket())) {
      return step;
    }
    return read(step, want);
  }

  /**
   * Reads the protections into status (GetBucketVersioning, GetObjectLockConfiguration), unless an
   * earlier failure's pause has not passed yet.
   */
  Step read(Step step, ExportSettings want) {
    if (bucket == null) {
      return step;
    }
    ScheduleMemory.Held held = memory.of(step.resource());
    String name = want.destination().bucket();
    ScheduleMemory.ProtectionsFailing failing = held.protectionsFailing;
    if (failing != null && !failing.bucket().equals(name)) {
      failing = null; // another bucket: a streak of its own
    }
    Instant asked = clock.instant();
    if (failing != null && asked.isBefore(failing.retryAt())) {
      return step;
    }
    try {
      BucketProtections read = bucket.protections(step.settings().target(), want.destination());
      held.protectionsFailing = null;
      OffsiteChain.Protections p = OffsiteChain.Protections.of(read, asked);
      OffsiteChain with = step.state().offsite().withProtections(p);
      return step.with(step.state().with(st -> st.offsite = with));
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.NOT_LEADER) {
        throw e;
      }
      int failures = failing == null ? 1 : failing.failures() + 1;
      held.protectionsFailing =
          new ScheduleMemory.ProtectionsFailing(
              name, failures, asked.plus(backoff.failure(failures, e.failure().isTransient())));
      String message =
          "The protections of export bucket %s could not be read: %s"
              .formatted(name, e.getMessage());
      LOG.warn("{}: {} (failure {} in a row)", step.key(), message, failures);
      if (failures == 1) {
        events.warning(step.resource(), "BucketProtectionsUnknown", message);
      }
      return step;
    }
  }

  /**
   * With spec.export.requireObjectLock, a bucket that does not lock every export on arrival fails
   * the Exported condition, naming the bucket and the fix. The exports go on: a copy that is not
   * locked is still a copy out of the table's account.
   */
  Step objectLockRequired(Step step, ExportSettings want) {
    OffsiteChain.Protections p = step.state().offsite().protections();
    if (!want.requireObjectLock()
        || p == null
        || !p.bucket().equals(want.destination().bucket())
        || p.locksEveryExport()) {
      return step;
    }
    String message = objectLockMessage(p, want.destination().bucketOwner());
    Condition condition = Conditions.of(step.state().conditions(), OffsiteExport.CONDITION);
    if (condition == null || !message.equals(condition.getMessage())) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "ObjectLockRequired", message);
    }
    return step.withCondition(
        OffsiteExport.CONDITION, "False", OffsiteExport.OBJECT_LOCK_REQUIRED, message);
  }

  private static String objectLockMessage(OffsiteChain.Protections p, String owner) {
    return ("export bucket %s does not lock every export on arrival (%s), and"
            + " spec.export.requireObjectLock is true: enable Object Lock with a default"
            + " retention on it (aws s3api put-object-lock-configuration, Rule.DefaultRetention"
            + " in COMPLIANCE mode)%s, or export to a bucket that has it (docs/export.md, Bucket"
            + " protections)")
        .formatted(
            p.bucket(),
            p.words(),
            owner == null ? "" : "; the bucket belongs to account " + owner + ": ask its owner");
  }
}
