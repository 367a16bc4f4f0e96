package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.aws.BackupStore;
import io.ddbbackup.operator.aws.BackupStoreException;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK glue: validates the spec, hands valid schedules to {@link BackupCycle}, applies the
 * deletion policy in the finalizer. All status writes happen inside; JOSDK is only asked to wake us
 * at the next slot (or sooner while a backup is in flight), never to poll.
 */
@ControllerConfiguration(
    name = BackupScheduleReconciler.NAME,
    finalizerName = DynamoDBBackupSchedule.FINALIZER,
    // status writes must not wake us, but a new backup-now value must: see SpecOrTriggerChanged
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrTriggerChanged.class))
public class BackupScheduleReconciler
    implements Reconciler<DynamoDBBackupSchedule>, Cleaner<DynamoDBBackupSchedule> {

  public static final String NAME = "dynamodbbackupschedule";
  private static final Logger LOG = LoggerFactory.getLogger(BackupScheduleReconciler.class);

  private final BackupStore store;
  private final ScheduleResources resources;
  private final ScheduleEvents events;
  private final Clock clock;
  private final ScheduleMetrics metrics;
  private final TenancyPolicy tenancy;
  private final BackupCycle cycle;

  public BackupScheduleReconciler(
      BackupStore store,
      ScheduleResources resources,
      ScheduleEvents events,
      Clock clock,
      Backoff backoff,
      ScheduleMetrics metrics,
      TenancyPolicy tenancy) {
    this.store = store;
    this.resources = resources;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
    this.tenancy = tenancy;
    this.cycle = new BackupCycle(store, resources, events, clock, backoff, metrics);
  }

  @Override
  public UpdateControl<DynamoDBBackupSchedule> reconcile(
      DynamoDBBackupSchedule resource, Context<DynamoDBBackupSchedule> context) {
    Optional<Duration> wake = reconcile(resource);
    UpdateControl<DynamoDBBackupSchedule> control = UpdateControl.noUpdate();
    wake.ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The reconcile without JOSDK around it; returns when to be woken, if ever. */
  public Optional<Duration> reconcile(DynamoDBBackupSchedule resource) {
    SpecValidator.Result validation = SpecValidator.validate(resource);
    if (!validation.valid()) {
      reportNotActing(resource, Ready.INVALID_SPEC, validation.message());
      // no wake-up: a spec change (new generation) brings us back
      return Optional.empty();
    }
    Optional<String> refused = permission(resource, validation.settings());
    if (refused.isPresent()) {
      // refused before any AWS call: the operator's identity must not act for this namespace
      reportNotActing(resource, Ready.NOT_PERMITTED, refused.get());
      return Optional.empty();
    }
    return cycle.run(resource, validation.settings());
  }

  private Optional<String> permission(DynamoDBBackupSchedule resource, ScheduleSettings settings) {
    return tenancy.check(
        resource.getMetadata().getNamespace(),
        settings.target().table(),
        settings.tableName(),
        settings.target().roleArn());
  }

  private void reportNotActing(DynamoDBBackupSchedule resource, Ready reason, String message) {
    DynamoDBBackupScheduleStatus status = ScheduleResources.copy(resource.getStatus());
    Long generation = resource.getMetadata().getGeneration();
    var previous = Conditions.ready(status.getConditions());
    boolean alreadyReported =
        previous != null
            && reason.reason.equals(previous.getReason())
            && message.equals(previous.getMessage())
            && generation != null
            && generation.equals(previous.getObservedGeneration());
    status.setObservedGeneration(generation);
    status.setNextScheduleTime(null);
    Conditions.setReady(status.getConditions(), reason, message, generation, clock.instant());
    if (!alreadyReported) {
      LOG.warn(
          "{} {}/{}: {}",
          reason.reason,
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          message);
      events.warning(resource, reason.reason, message);
    }
    resources.writeStatus(resource, status);
    var meta = resource.getMetadata();
    String table =
        resource.getSpec() == null ? "" : String.valueOf(resource.getSpec().getTableName());
    metrics.invalid(new ScheduleMetrics.Key(meta.getNamespace(), meta.getName(), table));
  }

  @Override
  public DeleteControl cleanup(
      DynamoDBBackupSchedule resource, Context<DynamoDBBackupSchedule> context) {
    Optional<Duration> retry = cleanup(resource);
    if (retry.isPresent()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry.get().toMillis());
    }
    // the schedule is about to go: so must its series
    metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /**
   * Applies the deletion policy. Returns a retry delay while backups that must go are still there
   * (e.g. one is CREATING and cannot be deleted yet), empty once the finalizer may go.
   */
  public Optional<Duration> cleanup(DynamoDBBackupSchedule resource) {
    cycle.forget(resource);
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
    Optional<String> refused = permission(resource, settings);
    if (refused.isPresent()) {
      events.warning(
          resource, "DeletionPolicySkipped", "deletionPolicy Delete not applied: " + refused.get());
      return Optional.empty();
    }
    boolean waiting = false;
    try {
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
          if (e.failure() == BackupStoreException.Failure.BACKUP_IN_USE) {
            waiting = true;
          } else if (e.failure() != BackupStoreException.Failure.BACKUP_NOT_FOUND) {
            throw e;
          }
        }
      }
    } catch (BackupStoreException e) {
      if (e.failure() == BackupStoreException.Failure.QUEUED) {
        return Optional.of(e.retryAfter());
      }
      events.warning(
          resource, Ready.of(e.failure()).reason, "deletionPolicy Delete: " + e.getMessage());
      return Optional.of(Duration.ofSeconds(30));
    }
    return waiting ? Optional.of(Duration.ofSeconds(10)) : Optional.empty();
  }
}
