package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.restore.RestoreRequest;
import java.time.Instant;
import java.util.List;

/**
 * A restore's spec once checked: everything the reconciler acts on, already parsed.
 *
 * @param target the new table, in the spec's region and as the spec's role (either may be null: a
 *     source schedule's, else the operator's own)
 * @param overrides billing, throughput and SSE overrides; the index lists are chosen against the
 *     source's indexes later
 * @param globalIndexes the global secondary indexes asked for; null: all of the source's
 * @param localIndexes the local secondary indexes asked for; null: all
 */
record RestoreSettings(
    TableTarget target,
    Source source,
    RestoreRequest.Overrides overrides,
    List<String> globalIndexes,
    List<String> localIndexes,
    DeletionPolicy deletionPolicy) {

  /** What the spec names as the source. */
  sealed interface Source {}

  record ByBackupArn(String arn) implements Source {}

  record ByBackupName(String name) implements Source {}

  /** The newest AVAILABLE backup a schedule in the same namespace owns. */
  record FromSchedule(String schedule) implements Source {}

  /**
   * A table's point in time: {@code table} (a name or ARN), or the table of {@code schedule}.
   *
   * @param time the point; null for the latest restorable time
   */
  record PointInTime(String table, String schedule, Instant time) implements Source {}

  /**
   * A state from the export chain: the chain a schedule's spec.export writes ({@code schedule}), or
   * the one at {@code bucket}, {@code bucketOwner} and {@code prefix}.
   *
   * @param time the point; null for the newest the chain reaches
   * @param parallelism pods per replay Job
   * @param maxWritesPerSecond each pod's ceiling on item writes per second, or null
   */
  record FromExport(
      String schedule,
      String bucket,
      String bucketOwner,
      String prefix,
      Instant time,
      int parallelism,
      Integer maxWritesPerSecond)
      implements Source {}
}
