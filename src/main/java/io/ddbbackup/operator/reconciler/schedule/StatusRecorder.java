package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Owns what was last written to each schedule's status and what is held back from it.
 *
 * <p>Two status writes per backup: the slot record (written before CreateBackup, already saying
 * CREATING and BackingUp) and the outcome. What CreateBackup returns while the backup is still
 * CREATING (its ARN, createdCount) is held here, keyed by the schedule's uid, until DescribeBackup
 * reports the outcome; if the process dies meanwhile, the recorded name without an ARN is resolved
 * by adoption ({@link InFlightBackup}), as after any crash between the two writes.
 */
final class StatusRecorder {

  /** A state not written yet, and whether its new backup still has to be pruned for. */
  record Resumed(ScheduleState state, boolean pruneDue) {}

  private final ScheduleStatusApi api;

  private final Map<String, Resumed> notYetWritten = new ConcurrentHashMap<>();

  /**
   * Per schedule uid: the resourceVersion our last status write got. While the informer cache shows
   * exactly that version it is not behind our own writes, so acting needs no fresh read (anything
   * newer that the cache has not seen yet makes our next write fail with 409).
   */
  private final Map<String, String> lastWritten = new ConcurrentHashMap<>();

  StatusRecorder(ScheduleStatusApi api) {
    this.api = api;
  }

  /**
   * The schedule to act on: the cached one, or, when the cache may lag our own last write and this
   * reconcile {@code mayAct} (call AWS or record a slot), what the API server holds; null when the
   * schedule is gone.
   */
  DynamoDBBackupSchedule toActOn(DynamoDBBackupSchedule cached, BooleanSupplier mayAct) {
    String version = cached.getMetadata().getResourceVersion();
    boolean cacheIsOurs = version != null && version.equals(lastWritten.get(uid(cached)));
    return !cacheIsOurs && mayAct.getAsBoolean() ? api.fresh(cached) : cached;
  }

  /**
   * The state to work from: what the API server holds, or, while a backup created by this process
   * is CREATING, the held state that carries its ARN, as long as the written one is still that
   * backup's slot record.
   */
  Resumed resume(DynamoDBBackupSchedule resource) {
    ScheduleState written = ScheduleState.of(resource.getStatus());
    Resumed h = notYetWritten.get(uid(resource));
    if (h != null
        && isSlotRecord(written)
        && Objects.equals(h.state().lastBackup().name(), written.lastBackup().name())) {
      return h;
    }
    notYetWritten.remove(uid(resource));
    return new Resumed(written, false);
  }

  /** Writes the state now (unless the status says it already); returns the resource written. */
  DynamoDBBackupSchedule write(DynamoDBBackupSchedule resource, ScheduleState state) {
    DynamoDBBackupSchedule written = api.writeStatus(resource, state.toStatus());
    if (written != resource && written.getMetadata().getResourceVersion() != null) {
      lastWritten.put(uid(written), written.getMetadata().getResourceVersion());
    }
    return written;
  }

  /**
   * A write of ours that is not the status (the finalizer): the cache showing its version is not
   * behind us either.
   */
  DynamoDBBackupSchedule written(DynamoDBBackupSchedule written) {
    if (written.getMetadata().getResourceVersion() != null) {
      lastWritten.put(uid(written), written.getMetadata().getResourceVersion());
    }
    return written;
  }

  /** Writes the reconcile's outcome, or holds it when its only news can wait (class comment). */
  DynamoDBBackupSchedule finish(Step step) {
    if (onlyNewsCanWait(step)) {
      notYetWritten.put(uid(step.resource()), new Resumed(step.state(), step.pruneDue()));
      return step.resource();
    }
    notYetWritten.remove(uid(step.resource()));
    return write(step.resource(), step.state());
  }

  /** The schedule is gone: forget what was held for it. */
  void forget(DynamoDBBackupSchedule resource) {
    notYetWritten.remove(uid(resource));
    lastWritten.remove(uid(resource));
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

  private static String uid(DynamoDBBackupSchedule resource) {
    var meta = resource.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }
}
