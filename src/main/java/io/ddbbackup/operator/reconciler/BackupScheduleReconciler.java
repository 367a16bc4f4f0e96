package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.inventory.InventorySettings;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.schedule.SlotDecision;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule's reconcile: check the spec, then a short pipeline of parts, each with one job,
 * passing a {@link Step} from one to the next. All status writes happen inside; JOSDK is only asked
 * to wake us at the next slot (or sooner while a backup is in flight), never to poll.
 *
 * <p>The finalizer is ours to manage ({@link DeletionFinalizer}): only a schedule whose
 * deletionPolicy is Delete carries one, so JOSDK hands us every event, deletions included.
 */
@ControllerConfiguration(
    name = BackupScheduleReconciler.NAME,
    triggerReconcilerOnAllEvents = true,
    // status writes must not wake us, but a new backup-now value must: see SpecOrTriggerChanged
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrTriggerChanged.class))
public class BackupScheduleReconciler implements Reconciler<DynamoDBBackupSchedule> {

  public static final String NAME = "dynamodbbackupschedule";
  private static final Logger LOG = LoggerFactory.getLogger(BackupScheduleReconciler.class);

  private final ResourceEvents events;
  private final Clock clock;
  private final Backoff backoff;
  private final ScheduleMetrics metrics;
  private final TenancyPolicy tenancy;
  private final BackupInventory inventory;
  private final StatusRecorder recorder;
  private final DeletionFinalizer finalizer;
  private final InFlightBackup inFlight;
  private final Pruner pruner;
  private final SlotStarter starter;
  private final TableCheck tableCheck;
  private final RestoreDrill drills;
  private final DeletionPolicyCleanup deletion;

  /**
   * Without a drill checker: schedules run no restore drills (the benchmark's operator). With an
   * inventory as the operator keeps one by default: full listings in the background, one a week
   * after the first.
   */
  public BackupScheduleReconciler(
      BackupStore store,
      TableStore tables,
      ScheduleStatusApi api,
      ResourceEvents events,
      Clock clock,
      Backoff backoff,
      ScheduleMetrics metrics,
      TenancyPolicy tenancy) {
    this(
        BackupInventory.inBackground(store, InventorySettings.defaults(), clock),
        tables,
        null,
        api,
        events,
        clock,
        backoff,
        metrics,
        tenancy);
  }

  /**
   * @param inventory the backup calls go through it ({@link BackupInventory#store}), which wraps
   *     the store
   * @param tables the table calls: DescribeTable once per spec generation ({@link TableCheck}), and
   *     the restore drills
   * @param checker where the drills' checks run
   */
  public BackupScheduleReconciler(
      BackupInventory inventory,
      TableStore tables,
      DrillChecker checker,
      ScheduleStatusApi api,
      ResourceEvents events,
      Clock clock,
      Backoff backoff,
      ScheduleMetrics metrics,
      TenancyPolicy tenancy) {
    this.events = events;
    this.clock = clock;
    this.backoff = backoff;
    this.metrics = metrics;
    this.tenancy = tenancy;
    this.inventory = inventory;
    this.recorder = new StatusRecorder(api);
    this.finalizer = new DeletionFinalizer(api, recorder);
    this.inFlight = new InFlightBackup(inventory, events, metrics, backoff, clock);
    this.pruner = new Pruner(inventory, events, metrics, clock);
    this.starter = new SlotStarter(inFlight, recorder, events, metrics);
    this.tableCheck = new TableCheck(tables, events, backoff, clock);
    this.drills =
        checker == null
            ? null
            : RestoreDrill.of(
                inventory.store(), tables, checker, recorder, events, metrics, backoff, clock);
    this.deletion = new DeletionPolicyCleanup(inventory.store(), events, tenancy);
  }

  @Override
  public UpdateControl<DynamoDBBackupSchedule> reconcile(
      DynamoDBBackupSchedule resource, Context<DynamoDBBackupSchedule> context) {
    UpdateControl<DynamoDBBackupSchedule> control = UpdateControl.noUpdate();
    if (context.isPrimaryResourceDeleted()) {
      forget(resource); // gone: a Retain schedule has no finalizer to hold it
      return control;
    }
    Optional<Duration> wake =
        resource.isMarkedForDeletion() ? cleanup(resource) : reconcile(resource);
    wake.ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The reconcile without JOSDK around it; returns when to be woken, if ever. */
  public Optional<Duration> reconcile(DynamoDBBackupSchedule resource) {
    SpecValidator.Result validation = SpecValidator.validate(resource);
    if (!validation.valid()) {
      // no wake-up: a spec change (new generation) brings us back
      return notActing(resource, ReadyReason.INVALID_SPEC, validation.message());
    }
    ScheduleSettings settings = validation.settings();
    Optional<String> refused = tenancy.check(resource.getMetadata().getNamespace(), settings);
    if (refused.isPresent()) {
      // refused before any AWS call: the operator's identity must not act for this namespace
      return notActing(resource, ReadyReason.NOT_PERMITTED, refused.get());
    }
    inventory.register(settings.target()); // its scope's full listing starts, if due
    Step step = begin(resource, settings);
    if (step == null) {
      return Optional.empty(); // deleted meanwhile
    }
    step = finalizer.keep(step); // a finalizer exactly when deletionPolicy is Delete
    step = inFlight.observe(step); // the backup in flight: adopt or create it, follow it
    step = pruner.pruneIfDue(step); // retention, once it is AVAILABLE
    step = starter.startIfDue(step); // a backup-now value or a due slot: record, then create
    step = pruner.pruneIfDue(step); // retention, when the new backup was AVAILABLE at once
    step = tableCheck.checkIfChanged(step); // a new spec: DescribeTable once, now, not at the slot
    step = drills == null ? step : drills.advance(step); // a restore drill, one step at a time
    return finish(step); // Ready, the status write, metrics, the wake-up
  }

  /** Reads what to act on (fresh when the cache may lag), resumes held state, plans the slot. */
  private Step begin(DynamoDBBackupSchedule cached, ScheduleSettings settings) {
    Instant now = clock.instant();
    ScheduleState cachedState = ScheduleState.of(cached.getStatus());
    SlotDecision cachedPlan = SlotStarter.plan(cached, cachedState, settings, now);
    DynamoDBBackupSchedule resource =
        recorder.toActOn(
            cached,
            () ->
                cachedState.backupInFlight()
                    || SlotStarter.manualTrigger(cached, cachedState).isPresent()
                    || cachedPlan.due());
    if (resource == null) {
      return null;
    }
    StatusRecorder.Resumed held = recorder.resume(resource);
    Long generation = resource.getMetadata().getGeneration();
    ScheduleState state = held.state().with(s -> s.observedGeneration = generation);
    SlotDecision plan =
        resource == cached ? cachedPlan : SlotStarter.plan(resource, state, settings, now);
    return Step.begin(resource, settings, now, state, plan, held.pruneDue());
  }

  private Optional<Duration> finish(Step done) {
    Step step = failed(done);
    SlotDecision plan = step.plan();
    step = step.with(step.state().with(s -> s.nextScheduleTime = plan.nextSlot()));
    // an instant, turned into a delay only when the reconcile is over: one that spent a second on
    // AWS and status writes would otherwise wake a second after the slot
    step = step.wakeBy(plan.nextSlot());
    if (plan.due() && !step.state().backupInFlight()) {
      // a slot is due but could not be started (a failure above): come back after a backoff
      int failures = Math.max(1, step.state().consecutiveFailures());
      step = step.wakeWithin(clock.instant(), backoff.failure(failures, true));
    }
    Step reported = step;
    ScheduleState state =
        step.state()
            .with(
                s ->
                    s.conditions =
                        ReadyReport.conditions(
                            reported.state(),
                            reported.news(),
                            reported.queued(),
                            reported.settings().suspend(),
                            plan.nextSlot(),
                            reported.resource().getMetadata().getGeneration(),
                            reported.now()));
    step = step.with(state);
    DynamoDBBackupSchedule written = recorder.finish(step);
    observe(step, written);
    return Optional.ofNullable(step.wakeAt()).map(this::delayUntil);
  }

  private void observe(Step step, DynamoDBBackupSchedule written) {
    ScheduleState state = step.state();
    SlotDecision plan = step.plan();
    var ready = Conditions.ready(state.conditions());
    metrics.observed(
        step.metricsKey(),
        new ScheduleMetrics.Observation(
            step.settings().cron(),
            step.settings().suspend(),
            StatusTimes.parse(written.getMetadata().getCreationTimestamp()),
            state.lastSuccessfulTime(),
            plan.nextSlot(),
            state.backupCount(),
            ready != null && "True".equals(ready.getStatus()),
            state.verification().lastPassedTime(),
            step.settings().verify() == null ? null : step.settings().verify().period(step.now())));
  }

  /** An AWS failure: counted, reported, and retried after a backoff. */
  private Step failed(Step step) {
    BackupStoreException e = step.failure();
    if (e == null) {
      return step;
    }
    int failures = step.state().consecutiveFailures() + 1;
    ReadyReason reason = ReadyReason.of(e.failure());
    LOG.warn(
        "AWS call failed for {} (table {}): {}",
        step.key(),
        step.settings().tableName(),
        e.getMessage());
    events.warning(step.resource(), reason.reason, e.getMessage());
    metrics.backupFailed(step.metricsKey(), reason.reason);
    // an unfinished prune is retried after the next backup
    return step.with(step.state().with(s -> s.consecutiveFailures = failures))
        .withPruneDue(false)
        .reporting(reason, e.getMessage())
        .wakeWithin(clock.instant(), backoff.failure(failures, e.failure().isTransient()));
  }

  /** Invalid or not permitted: Ready=False with the reason, once per generation and message. */
  private Optional<Duration> notActing(
      DynamoDBBackupSchedule resource, ReadyReason reason, String message) {
    ScheduleState state = ScheduleState.of(resource.getStatus());
    Long generation = resource.getMetadata().getGeneration();
    var previous = Conditions.ready(state.conditions());
    boolean alreadyReported =
        previous != null
            && reason.reason.equals(previous.getReason())
            && message.equals(previous.getMessage())
            && generation != null
            && generation.equals(previous.getObservedGeneration());
    if (!alreadyReported) {
      LOG.warn(
          "{} {}/{}: {}",
          reason.reason,
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          message);
      events.warning(resource, reason.reason, message);
    }
    Instant now = clock.instant();
    recorder.write(
        resource,
        state.with(
            s -> {
              s.observedGeneration = generation;
              s.nextScheduleTime = null;
              s.conditions = Conditions.withReady(s.conditions, reason, message, generation, now);
            }));
    var meta = resource.getMetadata();
    String table =
        resource.getSpec() == null ? "" : String.valueOf(resource.getSpec().getTableName());
    metrics.invalid(new ScheduleMetrics.Key(meta.getNamespace(), meta.getName(), table));
    return Optional.empty();
  }

  /**
   * The delay from now until {@code at}, rounded up to the millisecond that JOSDK's timer counts
   * in: rounded down, the timer would fire just before a slot, find nothing due and go round again.
   */
  private Duration delayUntil(Instant at) {
    Duration delay = Duration.between(clock.instant(), at);
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    long millis = delay.toMillis();
    return Duration.ofMillis(delay.equals(Duration.ofMillis(millis)) ? millis : millis + 1);
  }

  /**
   * For a schedule that carries the finalizer: abandons its restore drill (the scratch table is
   * deleted), applies the deletion policy, then removes the finalizer. Returns a retry delay while
   * a scratch table or backups that must go are still there, empty once the finalizer is gone.
   */
  public Optional<Duration> cleanup(DynamoDBBackupSchedule resource) {
    if (!DeletionFinalizer.carries(resource)) {
      forget(resource);
      return Optional.empty();
    }
    recorder.forget(resource);
    tableCheck.forget(resource);
    SpecValidator.Result validation = SpecValidator.validate(resource);
    if (drills != null && validation.valid()) {
      Optional<Duration> drillLeft = drills.abandon(resource, validation.settings());
      if (drillLeft.isPresent()) {
        return drillLeft;
      }
    }
    Optional<Duration> retry = deletion.apply(resource);
    if (retry.isEmpty()) {
      finalizer.release(resource);
      forget(resource);
    }
    return retry;
  }

  /** The schedule is about to go: its held state and its metric series go with it. */
  private void forget(DynamoDBBackupSchedule resource) {
    recorder.forget(resource);
    metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }
}
