package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.export.RecordedExport;
import io.ddbbackup.operator.export.TableShape;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process remembers about each schedule between reconciles, in one place, keyed by the
 * schedule's uid, and forgotten in one call when the schedule goes. Everything here can be lost
 * with the process: the status on the API server is the record, this only saves calls and writes.
 * JOSDK never reconciles one resource on two threads at once, so each entry is touched by one
 * reconcile at a time; the fields are volatile because that thread changes from one to the next.
 */
final class ScheduleMemory {

  /** One schedule's memory. */
  static final class Held {

    /** A state not written yet on purpose ({@link StatusRecorder}), or lost to a conflict. */
    volatile Unwritten unwritten;

    /**
     * The resourceVersion our last write got: while the informer cache shows exactly it, the cache
     * is not behind our own writes.
     */
    volatile String lastWrittenVersion;

    /** Transient failures of the table check in a row, for its backoff ({@link TableCheck}). */
    volatile int tableCheckFailures;

    /** The spec generation whose point-in-time recovery this process applied or found. */
    volatile Long pitrApplied;

    /**
     * The latest point-in-time recovery check that found nothing a user has to see (the window only
     * moved on with the clock): not written on its own, it is the metrics' recovery point, sets the
     * next check's time, and goes along with the next status write that happens anyway. Lost with
     * the process: a restarted one checks again.
     */
    volatile Recovery pitrChecked;

    /**
     * The spec generation whose table this process found (DescribeTable), kept like {@link
     * #pitrChecked}: written with the next status write that happens anyway.
     */
    volatile Long tableChecked;

    /**
     * The AVAILABLE backup whose retention is still owed, and when to try: its outcome was written
     * at once while the prune waited for its turn in our rate-limit queue (a herd's listings queue
     * at ListBackups' 5/s), so the prune runs at its own pace ({@link Pruner}). Lost with the
     * process: the prune after the next backup does it.
     */
    volatile PruneOwed pruneOwed;

    /**
     * What an owed prune found, not written on its own: written with the next status write that
     * happens anyway, until a later prune supersedes it ({@link StatusRecorder#withQuietFindings}).
     */
    volatile PruneFinding pruneFinding;

    /**
     * The export recorded in status without its ARN, with the ARN its call answered: held until the
     * export's outcome is written ({@link HeldExportArn}). Lost with the process: a restarted one
     * calls again with the same token and gets the same export.
     */
    volatile RecordedExport exportStarted;

    /** Export calls that failed in a row, for their backoff ({@link ExportReport}). */
    volatile int exportFailures;

    /**
     * The table as the exports last read it (DescribeTable): its ARN for the export calls and its
     * shape for the records beside them, from one answer ({@link ExportedTable}).
     */
    volatile TableRead exportTable;

    /**
     * Reads of the export bucket's protections failing in a row, null when the last one did not:
     * the read backs off, and a streak is told once ({@link BucketProtectionsWatch}).
     */
    volatile ProtectionsFailing protectionsFailing;
  }

  /**
   * {@code failures} reads in a row of {@code bucket}'s protections failed; the next is not tried
   * before {@code retryAt}.
   */
  record ProtectionsFailing(String bucket, int failures, Instant retryAt) {}

  /** A DescribeTable answer as the exports keep it, and when it was read. */
  record TableRead(TableShape shape, Instant at) {}

  /** A prune owed for the AVAILABLE backup {@code backupName}, to run at {@code notBefore}. */
  record PruneOwed(String backupName, Instant notBefore) {}

  /**
   * An owed prune's outcome.
   *
   * @param prunedTotal the schedule's prunedCount once it was done
   * @param kept the schedule's backups it left; null when it stopped before it knew
   * @param at when it ran
   */
  record PruneFinding(long prunedTotal, List<Backup> kept, Instant at) {
    PruneFinding {
      kept = kept == null ? null : List.copyOf(kept);
    }
  }

  private final Map<String, Held> held = new ConcurrentHashMap<>();

  /** The schedule's memory, made empty the first time it is asked for. */
  Held of(DynamoDBBackupSchedule resource) {
    return held.computeIfAbsent(uid(resource), k -> new Held());
  }

  /** The schedule is gone, or is going: everything held for it goes. */
  void forget(DynamoDBBackupSchedule resource) {
    held.remove(uid(resource));
  }

  private static String uid(DynamoDBBackupSchedule resource) {
    var meta = resource.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }
}
