package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns what was last written to each schedule's status and what is held back from it (in {@link
 * ScheduleMemory}).
 *
 * <p>Two status writes per backup: the slot record (written before CreateBackup, already saying
 * CREATING and BackingUp) and the outcome. What CreateBackup returns while the backup is still
 * CREATING (its ARN, createdCount) is held until DescribeBackup reports the outcome; if the process
 * dies meanwhile, the recorded name without an ARN is resolved by adoption ({@link
 * InFlightBackup}), as after any crash between the two writes.
 *
 * <p>An outcome whose write fails with 409 Conflict (the resource changed since it was read: a
 * label, an annotation, a write the cache had not shown yet) is kept too, with the status it was
 * worked out from. What it records happened in AWS, so the next reconcile starts from it as long as
 * the status is still that one, and its write carries it: no decision is lost to a conflict.
 */
final class StatusRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

  /** A state not written yet, and whether its new backup still has to be pruned for. */
  record Resumed(ScheduleState state, boolean pruneDue) {}

  private final ScheduleStatusApi api;
  private final ScheduleMemory memory;

  StatusRecorder(ScheduleStatusApi api, ScheduleMemory memory) {
    this.api = api;
    this.memory = memory;
  }

  /**
   * The schedule to act on: the cached one, or, when the cache may lag our own last write and this
   * reconcile {@code mayAct} (call AWS or record a slot), what the API server holds; null when the
   * schedule is gone.
   */
  DynamoDBBackupSchedule toActOn(DynamoDBBackupSchedule cached, BooleanSupplier mayAct) {
    String version = cached.getMetadata().getResourceVersion();
    boolean cacheIsOurs = version != null && version.equals(memory.of(cached).lastWrittenVersion);
    return !cacheIsOurs && mayAct.getAsBoolean() ? api.fresh(cached) : cached;
  }

  /**
   * The state to work from: what the API server holds, or a state held back from it. One held on
   * purpose (a backup created by this process, CREATING) is used as long as the written status is
   * still that backup's slot record; one lost to a conflict, as long as the status is still the one
   * it was worked out from.
   */
  Resumed resume(DynamoDBBackupSchedule resource) {
    ScheduleMemory.Held held = memory.of(resource);
    ScheduleState written = ScheduleState.of(resource.getStatus());
    Unwritten h = held.unwritten;
    held.unwritten = null;
    if (h == null) {
      return new Resumed(written, false);
    }
    boolean stillSo =
        h.base() == null
            ? isSlotRecord(written)
                && Objects.equals(h.state().lastBackup().name(), written.lastBackup().name())
            : h.base().equals(written);
    if (!stillSo) {
      return new Resumed(written, false);
    }
    held.unwritten = h; // until a write carries it
    return new Resumed(h.state(), h.pruneDue());
  }

  /**
   * Writes the state now (unless the status says it already); returns the resource written. A write
   * that happens takes along what was found meanwhile without being news on its own (a
   * point-in-time recovery check, a table check, an owed prune: {@link
   * ScheduleMemory.Held#pitrChecked}).
   */
  DynamoDBBackupSchedule write(DynamoDBBackupSchedule resource, ScheduleState state) {
    ScheduleMemory.Held held = memory.of(resource);
    DynamoDBBackupScheduleStatus status = state.toStatus();
    if (!status.equals(resource.getStatus())) {
      status = withQuietFindings(resource, state).toStatus();
    }
    DynamoDBBackupSchedule written = api.writeStatus(resource, status);
    held.unwritten = null;
    return written == resource ? written : written(written);
  }

  /** {@code state} with the checks this process made that were not news enough to write. */
  ScheduleState withQuietFindings(DynamoDBBackupSchedule resource, ScheduleState state) {
    ScheduleMemory.Held held = memory.of(resource);
    ScheduleMemory.PruneFinding pruned = held.pruneFinding;
    boolean keptKnown = pruned != null && pruned.kept() != null;
    Recovery base =
        keptKnown ? state.recovery().retained(pruned.kept(), pruned.at()) : state.recovery();
    Recovery recovery = base.withCheck(held.pitrChecked);
    Long tableChecked = held.tableChecked;
    boolean table =
        tableChecked != null
            && tableChecked.equals(resource.getMetadata().getGeneration())
            && !tableChecked.equals(state.checkedGeneration());
    if (recovery == state.recovery() && !table && pruned == null) {
      return state;
    }
    return state.with(
        s -> {
          s.recovery = recovery;
          if (table) {
            s.checkedGeneration = tableChecked;
          }
          if (pruned != null) {
            // idempotent: a count only grows, and a later prune clears the finding
            s.prunedCount = Math.max(s.prunedCount, pruned.prunedTotal());
            if (keptKnown) {
              s.backupCount = pruned.kept().size();
            }
          }
        });
  }

  /**
   * A write of ours that is not the status (the finalizer): the cache showing its version is not
   * behind us either.
   */
  DynamoDBBackupSchedule written(DynamoDBBackupSchedule written) {
    if (written.getMetadata().getResourceVersion() != null) {
      memory.of(written).lastWrittenVersion = written.getMetadata().getResourceVersion();
    }
    return written;
  }

  /**
   * Writes the reconcile's outcome, or holds it when its only news can wait (class comment).
   * Returns the resource written, or null when the write lost to a conflict: the outcome is kept
   * for the next reconcile, which should come soon.
   */
  DynamoDBBackupSchedule finish(Step step) {
    ScheduleMemory.Held held = memory.of(step.resource());
    if (onlyNewsCanWait(step)) {
      held.unwritten = new Unwritten(step.state(), step.pruneDue(), null);
      return step.resource();
    }
    try {
      return write(step.resource(), step.state());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info(
          "{}: the status write met a newer version of the schedule; its outcome is kept for the"
              + " next reconcile",
          step.key());
      ScheduleState base = ScheduleState.of(step.resource().getStatus());
      held.unwritten = new Unwritten(step.state(), step.pruneDue(), base);
      return null;
    }
  }

  /**
   * True when the only news of this reconcile is a backup still CREATING, whose slot record on the
   * API server already says so (its ARN and createdCount wait for the outcome), or an AVAILABLE
   * backup whose prune waits for a ListBackups/DeleteBackup permit. Anything else, a failure or a
   * recovery from one, is written.
   */
  private static boolean onlyNewsCanWait(Step step) {
    if (step.resource().getStatus() == null) {
      return false;
    }
    ScheduleState written = ScheduleState.of(step.resource().getStatus());
    ScheduleState state = step.state();
    if (!isSlotRecord(written)
        || state.lastBackup() == null
        || !Objects.equals(written.lastBackup().name(), state.lastBackup().name())) {
      return false;
    }
    if (step.pruneDue()) {
      return true;
    }
    boolean backingUp = step.news() != null && step.news().reason() == ReadyReason.BACKING_UP;
    if ((!backingUp && !step.queued()) || state.lastBackup().phase() != BackupPhase.CREATING) {
      return false;
    }
    ScheduleState withoutNews =
        state.with(
            s -> {
              s.lastBackup = written.lastBackup();
              s.createdCount = written.createdCount();
            });
    return withoutNews.equals(written);
  }

  private static boolean isSlotRecord(ScheduleState state) {
    return state.lastBackup() != null && state.lastBackup().phase() == BackupPhase.RECORDED;
  }
}
