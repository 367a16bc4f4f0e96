package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.NotLeading;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.ReplayJobs;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.TargetOwnership;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The finalizer's work: with {@code deletionPolicy: Delete}, deletes the table this resource
 * restored, and only that one: the table of the recorded ARN, restored from the recorded source,
 * without another resource's tag. Retain (the default) leaves every table alone.
 */
final class RestoreCleanup {

  private final TableStore tables;
  private final ReplayJobs jobs;
  private final ResourceEvents events;

  RestoreCleanup(TableStore tables, ReplayJobs jobs, ResourceEvents events) {
    this.tables = tables;
    this.jobs = jobs;
    this.events = events;
  }

  /** A retry delay while the table cannot be deleted yet; empty once the finalizer may go. */
  Optional<Duration> apply(DynamoDBRestore resource, RestoreStep placed) {
    RestoreState state = placed.state();
    if (state.export() != null && state.export().importArn() != null) {
      // the replay Jobs (and their pods) go with the restore, whatever the deletion policy
      jobs.deleteAllOf(resource.getMetadata().getUid());
    }
    if (placed.settings().deletionPolicy() != DeletionPolicy.Delete
        || state.restoredTableArn() == null) {
      return Optional.empty();
    }
    try {
      deleteIfOurs(resource, placed);
      return Optional.empty();
    } catch (BackupStoreException e) {
      return afterFailure(resource, e);
    }
  }

  /** Deletes the target table when it is the one this restore made; says so either way. */
  private void deleteIfOurs(DynamoDBRestore resource, RestoreStep placed) {
    Optional<Table> table = tables.describe(placed.target());
    if (table.isEmpty() || !table.get().arn().equals(placed.state().restoredTableArn())) {
      return;
    }
    if (!ours(resource, placed, table.get())) {
      events.warning(
          resource,
          "DeletionPolicySkipped",
          "deletionPolicy Delete not applied: table %s is not the one this resource restored"
              .formatted(table.get().name()));
      return;
    }
    tables.delete(placed.target());
    events.normal(
        resource,
        "TableDeleted",
        "Deleted table %s (%s): deletionPolicy is Delete"
            .formatted(table.get().name(), table.get().arn()));
  }

  /** When to try the deletion again; empty when the table is gone already. */
  private Optional<Duration> afterFailure(DynamoDBRestore resource, BackupStoreException e) {
    if (e.failure() == Failure.QUEUED) {
      return Optional.of(e.retryAfter());
    }
    if (e.failure() == Failure.NOT_LEADER) {
      // no Event from a replica that lost the Lease: the leader applies the policy
      return Optional.of(NotLeading.RETRY);
    }
    if (e.failure() == Failure.TABLE_NOT_FOUND) {
      return Optional.empty();
    }
    events.warning(
        resource,
        RestoreReason.of(e.failure()).reason(),
        "deletionPolicy Delete: " + e.getMessage());
    return Optional.of(Duration.ofSeconds(e.failure().isTransient() ? 10 : 60));
  }

  private boolean ours(DynamoDBRestore resource, RestoreStep placed, Table table) {
    RestoreState state = placed.state();
    Map<String, String> tags = tables.tags(placed.target(), table.arn());
    if (state.export() != null) {
      return TargetOwnership.imported(
          table, tags, resource.getMetadata().getUid(), state.startTime());
    }
    return TargetOwnership.ours(
        table,
        tags,
        TargetOwnership.Expected.ofRestore(
            state.sourceBackupArn(),
            state.sourceBackupArn() == null ? state.sourceTableArn() : null,
            resource.getMetadata().getUid(),
            state.startTime()));
  }
}
