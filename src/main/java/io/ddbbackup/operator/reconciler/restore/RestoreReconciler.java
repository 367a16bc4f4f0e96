package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore's reconcile: check the spec, then a short pipeline of parts passing a {@link
 * RestoreStep}: choose the source, make the restore (or adopt the table an earlier attempt made),
 * follow the table to ACTIVE. Each reconcile acts on what the API server holds (a restore is rare;
 * one GET is cheap), and nothing polls: JOSDK wakes it after a backoff while the table is made.
 */
@ControllerConfiguration(name = RestoreReconciler.NAME, finalizerName = DynamoDBRestore.FINALIZER)
public class RestoreReconciler implements Reconciler<DynamoDBRestore>, Cleaner<DynamoDBRestore> {

  public static final String NAME = "dynamodbrestore";
  private static final Logger LOG = LoggerFactory.getLogger(RestoreReconciler.class);

  /** Failures that say the request itself is wrong: retrying changes nothing. */
  private static final Set<Failure> FINAL =
      Set.of(Failure.INVALID_REQUEST, Failure.INVALID_RESTORE_TIME);

  private final ResourceEvents events;
  private final Clock clock;
  private final Backoff backoff;
  private final RestoreMetrics metrics;
  private final TenancyPolicy tenancy;
  private final RestoreRecorder recorder;
  private final SourceResolver resolver;
  private final TableRestorer restorer;
  private final RestoredTableFollower follower;
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
      TenancyPolicy tenancy) {
    this.events = events;
    this.clock = clock;
    this.backoff = backoff;
    this.metrics = metrics;
    this.tenancy = tenancy;
    this.recorder = new RestoreRecorder(api);
    this.resolver = new SourceResolver(backups, tables, schedules, tenancy, clock);
    this.restorer = new TableRestorer(tables, recorder, events, backoff, clock);
    this.follower = new RestoredTableFollower(tables, events, metrics, backoff, clock);
    this.cleanup = new RestoreCleanup(tables, events);
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
    RestoreState cachedState = RestoreState.of(cached.getStatus());
    if (cachedState.phase() == RestorePhase.Failed) {
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
      return finish(invalid(resource, state, now, validation.message()));
    }
    RestoreStep step = RestoreStep.begin(resource, validation.settings(), now, state);
    step = resolver.place(step); // the region and role: the spec's, else the source's
    step = permitted(step);
    step = resolver.resolve(step); // the source, chosen once
    step = restorer.startOrAdopt(step); // the one restore call, or its table adopted
    step = follower.follow(step); // the table to ACTIVE; the measured duration
    return finish(step);
  }

  /** The target table and role must be the namespace's to use under the tenancy policy. */
  private RestoreStep permitted(RestoreStep step) {
    if (step.state().phase().done()) {
      return step;
    }
    Optional<String> refused =
        tenancy.check(
            step.resource().getMetadata().getNamespace(),
            step.target().table(),
            TableArn.nameOf(step.target().table()),
            step.target().roleArn());
    return refused.isPresent() ? step.failedFor(RestoreReason.NOT_PERMITTED, refused.get()) : step;
  }

  private RestoreStep invalid(
      DynamoDBRestore resource, RestoreState state, Instant now, String message) {
    RestoreStep step =
        new RestoreStep(resource, null, null, now, state, null, null, null, false, false, null);
    return step.failedFor(RestoreReason.INVALID_SPEC, message);
  }

  private Optional<Duration> finish(RestoreStep done) {
    RestoreStep step = failed(done);
    if (step.halted() && step.news() != null && !step.news().reason().ready) {
      report(step);
    }
    RestoreState before = RestoreState.of(step.resource().getStatus());
    if (step.state().phase() == RestorePhase.Failed && before.phase() != RestorePhase.Failed) {
      metrics.finished(step.resource().getMetadata().getNamespace(), "Failed", null);
    }
    recorder.write(step);
    return Optional.ofNullable(step.wakeAt()).map(at -> delayUntil(at));
  }

  /** An AWS failure: counted, reported, and retried after a backoff, or final when it must be. */
  private RestoreStep failed(RestoreStep step) {
    BackupStoreException e = step.failure();
    if (e == null) {
      if (!step.halted() || step.state().phase() == RestorePhase.Failed) {
        return step;
      }
      // waiting for the source backup to be AVAILABLE is no failure: look again soon
      return step.news().reason().ready
          ? step.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO))
          : backOff(step, false);
    }
    RestoreReason reason = RestoreReason.of(e.failure());
    LOG.warn("AWS call failed for restore {}: {}", step.key(), e.getMessage());
    if (FINAL.contains(e.failure())) {
      return step.failedFor(RestoreReason.RESTORE_FAILED, e.getMessage());
    }
    return backOff(step.waiting(reason, e.getMessage()), e.failure().isTransient());
  }

  private RestoreStep backOff(RestoreStep step, boolean transientFailure) {
    int failures = step.state().consecutiveFailures() + 1;
    return step.with(step.state().with(s -> s.consecutiveFailures = failures))
        .wakeWithin(clock.instant(), backoff.failure(failures, transientFailure));
  }

  /** A Warning Event for a restore that cannot go on; aggregated when it repeats. */
  private void report(RestoreStep step) {
    events.warning(step.resource(), step.news().reason().reason, step.news().message());
  }

  private Duration delayUntil(Instant at) {
    Duration delay = Duration.between(clock.instant(), at);
    return delay.isNegative() ? Duration.ZERO : delay.plusMillis(1);
  }

  @Override
  public DeleteControl cleanup(DynamoDBRestore resource, Context<DynamoDBRestore> context) {
    Optional<Duration> retry = cleanup(resource);
    return retry.isPresent()
        ? DeleteControl.noFinalizerRemoval().rescheduleAfter(retry.get().toMillis())
        : DeleteControl.defaultDelete();
  }

  /** Applies the deletion policy; a retry delay while the table cannot be deleted yet. */
  public Optional<Duration> cleanup(DynamoDBRestore resource) {
    RestoreSpecValidator.Result validation = RestoreSpecValidator.validate(resource);
    if (!validation.valid()) {
      return Optional.empty();
    }
    RestoreState state = RestoreState.of(resource.getStatus());
    RestoreStep placed =
        resolver.resolve(
            RestoreStep.begin(resource, validation.settings(), clock.instant(), state));
    return cleanup.apply(resource, placed);
  }
}
