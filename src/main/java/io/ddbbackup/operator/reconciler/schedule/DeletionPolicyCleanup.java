package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.NotLeading;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * The finalizer's work: applies {@code spec.deletionPolicy} when a schedule is deleted. Delete
 * removes every backup the schedule owns (and only those); Retain, the default, removes none.
 */
final class DeletionPolicyCleanup {

  private final BackupStore store;
  private final ResourceEvents events;
  private final TenancyPolicy tenancy;

  DeletionPolicyCleanup(BackupStore store, ResourceEvents events, TenancyPolicy tenancy) {
    this.store = store;
    this.events = events;
    this.tenancy = tenancy;
  }

  /**
   * Returns a retry delay while backups that must go are still there (e.g. one is CREATING and
   * cannot be deleted yet), empty once the finalizer may go.
   */
  Optional<Duration> apply(DynamoDBBackupSchedule resource) {
    var spec = resource.getSpec();
    if (spec == null || spec.getDeletionPolicy() != DeletionPolicy.Delete) {
      return Optional.empty();
    }
    SpecValidator.Result validation = SpecValidator.validate(resource);
    if (!validation.valid()) {
      // with an invalid spec we cannot tell which backups are ours, so none are touched
      events.warning(
          resource,
          "DeletionPolicySkipped",
          "deletionPolicy Delete not applied, the spec is invalid: " + validation.message());
      return Optional.empty();
    }
    ScheduleSettings settings = validation.settings();
    Optional<String> refused = settings.refusedBy(tenancy, resource.getMetadata().getNamespace());
    if (refused.isPresent()) {
      events.warning(
          resource, "DeletionPolicySkipped", "deletionPolicy Delete not applied: " + refused.get());
      return Optional.empty();
    }
    try {
      return deleteOwned(resource, settings)
          ? Optional.of(Duration.ofSeconds(10))
          : Optional.empty();
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.QUEUED) {
        return Optional.of(e.retryAfter());
      }
      if (e.failure() == Failure.NOT_LEADER) {
        // no Event from a replica that lost the Lease: the leader applies the policy
        return Optional.of(NotLeading.RETRY);
      }
      events.warning(
          resource,
          ReadyReason.of(e.failure()).reason(),
          "deletionPolicy Delete: " + e.getMessage());
      return Optional.of(Duration.ofSeconds(30));
    }
  }

  /** Deletes the schedule's backups; true when some must wait (CREATING or in use). */
  private boolean deleteOwned(DynamoDBBackupSchedule resource, ScheduleSettings settings) {
    boolean waiting = false;
    for (Backup backup : store.list(settings.target(), null, null)) {
      if (!settings.names().owns(backup, settings.tableName())
          || backup.status() == BackupStatus.DELETED) {
        continue;
      }
      if (backup.status() != BackupStatus.AVAILABLE) {
        waiting = true;
        continue;
      }
      try {
        store.delete(settings.target(), backup.arn());
        events.normal(
            resource,
            "BackupDeleted",
            "Deleted backup %s (%s): deletionPolicy is Delete"
                .formatted(backup.name(), backup.arn()));
      } catch (BackupStoreException e) {
        if (e.failure() == Failure.BACKUP_IN_USE) {
          waiting = true;
        } else if (e.failure() != Failure.BACKUP_NOT_FOUND) {
          throw e;
        }
      }
    }
    return waiting;
  }
}
