package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.NotLeading;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.ReplayJobs;
import io.ddbbackup.operator.restore.TableStore;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A restore's reconcile: check the spec, then a short pipeline of parts passing a {@link
 * RestoreStep}: place it, check it is permitted, choose the source, make the restore (or adopt the
 * table an earlier attempt made), follow the table to ACTIVE, and finish. A restore from the export
 * chain takes its own three parts instead: choose the chain, import its base, replay its
 * incremental exports in Jobs. Each reconcile acts on what the API server holds (a restore is rare;
 * one GET is cheap), and nothing polls: JOSDK wakes it after a backoff while the table is made.
 */
@ControllerConfiguration(name = RestoreReconciler.NAME, finalizerName = DynamoDBRestore.FINALIZER)
public class RestoreReconciler implements Reconciler<DynamoDBRestore>, Cleaner<DynamoDBRestore> {

  public static final String NAME = "dynamodbrestore";

  private final Clock clock;
  private final RestoreRecorder recorder;
  private final SourcePlacement placement;
  private final RestorePermission permission;
  private final SourceResolver resolver;
  private final TableRestorer restorer;
  private final RestoredTableFollower follower;
  private final ExportChainSource chainSource;
  private final ChainImport chainImport;
  private final ChainReplay chainReplay;
  private final ChainPlans plans;
  private final RestoreOutcome outcome;
  private final RestoreCleanup cleanup;

  public RestoreReconciler(
      BackupStore backups,
      TableStore tables,
      ScheduleLookup schedules,
      RestoreStatusApi api,
      ResourceEvents events,
      Clock clock,
      Backoff backoff,
      RestoreMetrics metrics,
      TenancyPolicy tenancy,
      ExportBucket bucket,
      ReplayJobs jobs) {
    this.clock = clock;
    this.recorder = new RestoreRecorder(api);
    this.placement = new SourcePlacement(schedules);
    this.permission = new RestorePermission(tenancy);
    this.resolver = new SourceResolver(backups, tables, schedules, tenancy, clock);
    this.restorer = new TableRestorer(tables, recorder, events, backoff, clock);
    this.follower = new RestoredTableFollower(tables, events, metrics, backoff, clock);
    this.outcome = new RestoreOutcome(recorder, events, metrics, backoff, clock);
    this.plans = new ChainPlans(bucket);
    this.chainSource = new ExportChainSource(plans, schedules, tenancy, events, clock);
    this.chainImport = new ChainImport(tables, plans, recorder, events, backoff, clock);
    this.chainReplay =
        new ChainReplay(tables, jobs, plans, recorder, events, metrics, backoff, clock);
    this.cleanup = new RestoreCleanup(tables, jobs, events);
  }

  @Override
  public UpdateControl<DynamoDBRestore> reconcile(
      DynamoDBRestore resource, Context<DynamoDBRestore> context) {
    UpdateControl<DynamoDBRestore> control = UpdateControl.noUpdate();
    reconcile(resource).ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The reconcile without JOSDK around it; returns when to be woken, if ever. */
  public Optional<Duration> reconcile(DynamoDBRestore cached) {
    if (RestoreState.of(cached.getStatus()).phase() == RestorePhase.Failed) {
      return Optional.empty(); // the spec cannot change: a new resource is the way on
    }
    DynamoDBRestore resource = recorder.fresh(cached);
    if (resource == null) {
      return Optional.empty();
    }
    RestoreSpecValidator.Result validation = RestoreSpecValidator.validate(resource);
    Instant now = clock.instant();
    RestoreState state = RestoreState.of(resource.getStatus());
    if (!validation.valid()) {
      RestoreStep invalid = RestoreStep.invalid(resource, now, state);
      return outcome.finish(invalid.failedFor(RestoreReason.INVALID_SPEC, validation.message()));
    }
    RestoreStep step = RestoreStep.begin(resource, validation.settings(), now, state);
    step = placement.place(step); // the region and role: the spec's, else the source's
    step = permission.check(step); // the tenancy policy, before any AWS call
    step = resolver.resolve(step); // the source, chosen once
    step = chainSource.resolve(step); // or the export chain's base and incrementals, once
    step = restorer.startOrAdopt(step); // the one restore call, or its table adopted
    step = chainImport.startOrFollow(step); // or the one import of the base, to COMPLETED
    step = follower.follow(step); // the table to ACTIVE; the measured duration
    step = chainReplay.replay(step); // the incremental exports, one Job each, in order
    Optional<Duration> notLeading = NotLeading.exit(step.failure(), "restore " + step.key());
    if (notLeading.isPresent()) {
      return notLeading; // the leader carries on from what the status records
    }
    return outcome.finish(step); // Events, metrics, the status write, the wake-up
  }

  @Override
  public DeleteControl cleanup(DynamoDBRestore resource, Context<DynamoDBRestore> context) {
    Optional<Duration> retry = cleanup(resource);
    return retry.isPresent()
        ? DeleteControl.noFinalizerRemoval().rescheduleAfter(retry.get().toMillis())
        : DeleteControl.defaultDelete();
  }

  /**
   * Applies the deletion policy where the restore was placed (a schedule's region, say, not the
   * operator's); a retry delay while the table cannot be deleted yet.
   */
  public Optional<Duration> cleanup(DynamoDBRestore resource) {
    RestoreSpecValidator.Result validation = RestoreSpecValidator.validate(resource);
    if (!validation.valid()) {
      return Optional.empty();
    }
    RestoreState state = RestoreState.of(resource.getStatus());
    RestoreStep placed =
        placement.place(RestoreStep.begin(resource, validation.settings(), clock.instant(), state));
    plans.forget(resource.getMetadata().getUid());
    return cleanup.apply(resource, placed);
  }
}
