package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.export.ConcurrentExports;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.inventory.InventorySettings;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.NotLeading;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.TableStore;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule's reconcile: check the spec, then a short pipeline of parts, each with one job,
 * passing a {@link Step} from one to the next. All status writes happen inside; JOSDK is only asked
 * to wake us at the next slot (or sooner while a backup is in flight), never to poll.
 */
@ControllerConfiguration(
    name = BackupScheduleReconciler.NAME,
    triggerReconcilerOnAllEvents = true,
    // status writes must not wake us, but a new backup-now value must: see SpecOrTriggerChanged
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrTriggerChanged.class))
public class BackupScheduleReconciler implements Reconciler<DynamoDBBackupSchedule> {

  public static final String NAME = "dynamodbbackupschedule";

  /** How often a managed point-in-time recovery is checked for drift, unless told otherwise. */
  public static final Duration DEFAULT_PITR_CHECK_INTERVAL = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(BackupScheduleReconciler.class);

  private final Clock clock;
  private final ScheduleMetrics metrics;
  private final TenancyPolicy tenancy;
  private final BackupInventory inventory;
  private final ScheduleMemory memory = new ScheduleMemory();
  private final StatusRecorder recorder;
  private final NotActing notActing;
  private final DeletionFinalizer finalizer;
  private final InFlightBackup inFlight;
  private final Pruner pruner;
  private final SlotStarter starter;
  private final TableCheck tableCheck;
  private final RestoreDrill drills;
  private final PointInTimeRecovery pitr;
  private final OffsiteExport exports;
  private final ChainDrills chainDrills;
  private final DeletionPolicyCleanup deletion;
  private final ReconcileOutcome outcome;
  private final StepOpener opener;

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
        tenancy,
        Checkpoints.NONE,
        DEFAULT_PITR_CHECK_INTERVAL);
  }

  /**
   * As the operator runs it.
   *
   * @param inventory the backup calls go through it ({@link BackupInventory#store}), which wraps
   *     the store
   * @param tables the table calls: DescribeTable once per spec generation ({@link TableCheck}), the
   *     restore drills, and point-in-time recovery
   * @param checker where the drills' checks run; null for no drills
   * @param checkpoints told where each reconcile gets to (nothing is, in the released operator)
   * @param pitrCheckInterval how often a managed point-in-time recovery is checked for drift
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
      TenancyPolicy tenancy,
      Checkpoints checkpoints,
      Duration pitrCheckInterval) {
    this(
        inventory,
        tables,
        null,
        null,
        new ConcurrentExports(),
        checker,
        api,
        events,
        clock,
        backoff,
        metrics,
        tenancy,
        checkpoints,
        pitrCheckInterval);
  }

  /**
   * As the operator runs it, with exports.
   *
   * @param exports the export calls (spec.export); null for an operator that runs no exports
   * @param bucket where the record beside each completed export is written; null for none
   * @param seats DynamoDB's concurrent-export quota, one gate per operator
   */
  public BackupScheduleReconciler(
      BackupInventory inventory,
      TableStore tables,
      ExportStore exports,
      ExportBucket bucket,
      ConcurrentExports seats,
      DrillChecker checker,
      ScheduleStatusApi api,
      ResourceEvents events,
      Clock clock,
      Backoff backoff,
      ScheduleMetrics metrics,
      TenancyPolicy tenancy,
      Checkpoints checkpoints,
      Duration pitrCheckInterval) {
    this.clock = clock;
    this.metrics = metrics;
    this.tenancy = tenancy;
    this.inventory = inventory;
    this.recorder = new StatusRecorder(api, memory);
    this.notActing = new NotActing(recorder, events, metrics, clock);
    this.finalizer = new DeletionFinalizer(api, recorder);
    this.inFlight = new InFlightBackup(inventory, events, metrics, backoff, clock, checkpoints);
    this.pruner = new Pruner(inventory, events, metrics, clock, checkpoints, memory);
    this.starter = new SlotStarter(inFlight, recorder, events, metrics, checkpoints);
    this.tableCheck = new TableCheck(tables, events, backoff, clock, memory);
    BackupStore store = inventory.store();
    this.drills =
        RestoreDrill.of(store, tables, checker, recorder, events, metrics, backoff, clock);
    this.pitr = new PointInTimeRecovery(tables, events, backoff, clock, pitrCheckInterval, memory);
    this.exports =
        new OffsiteExport(
            exports, bucket, seats, tenancy, tables, recorder, events, metrics, backoff, clock,
            memory);
    this.chainDrills =
        ChainDrills.of(api, bucket, tables, checker, recorder, events, metrics, backoff, clock);
    this.deletion = new DeletionPolicyCleanup(store, events, tenancy);
    this.outcome = new ReconcileOutcome(recorder, events, metrics, backoff, clock);
    this.opener = new StepOpener(recorder, clock);
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
        resource.isMarkedForDeletion()
            ? cleanup(resource)
            : reconcile(resource, () -> beside(resource, context.getPrimaryCache()));
    wake.ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * Indexes the informer's schedules by prefix, for {@link SharedPrefix}, and by the table whose
   * point-in-time recovery they manage, for {@link PitrWishes}; no other source.
   */
  @Override
  public List<EventSource<?, DynamoDBBackupSchedule>> prepareEventSources(
      EventSourceContext<DynamoDBBackupSchedule> context) {
    context.getPrimaryCache().addIndexer(SharedPrefix.INDEX, SharedPrefix::indexKeys);
    context.getPrimaryCache().addIndexer(PitrWishes.INDEX, PitrWishes::indexKeys);
    return List.of();
  }

  /** The schedules of the cache that may share this one's prefix or its table's PITR. */
  private static List<DynamoDBBackupSchedule> beside(
      DynamoDBBackupSchedule resource, IndexedResourceCache<DynamoDBBackupSchedule> cache) {
    List<DynamoDBBackupSchedule> beside = new ArrayList<>(SharedPrefix.among(resource, cache));
    beside.addAll(PitrWishes.among(resource, cache));
    return beside;
  }

  /** The reconcile without JOSDK around it and no other schedule; returns when to be woken. */
  public Optional<Duration> reconcile(DynamoDBBackupSchedule resource) {
    return reconcile(resource, List::of);
  }

  /**
   * The reconcile without JOSDK around it, beside the schedules {@code others} lists (those of the
   * informer's cache that may share its prefix or manage its table's point-in-time recovery, this
   * one included); returns when to be woken, if ever.
   */
  public Optional<Duration> reconcile(
      DynamoDBBackupSchedule resource, Supplier<List<DynamoDBBackupSchedule>> others) {
    SpecValidator.Result validation = SpecValidator.validate(resource);
    if (!validation.valid()) {
      // no wake-up: a spec change (new generation) brings us back
      notActing.report(resource, ReadyReason.INVALID_SPEC, validation.message());
      return Optional.empty();
    }
    ScheduleSettings settings = validation.settings();
    Optional<String> refused = settings.refusedBy(tenancy, resource.getMetadata().getNamespace());
    if (refused.isPresent()) {
      // refused before any AWS call: the operator's identity must not act for this namespace
      notActing.report(resource, ReadyReason.NOT_PERMITTED, refused.get());
      return Optional.empty();
    }
    List<DynamoDBBackupSchedule> beside = others.get();
    Optional<String> shared = SharedPrefix.check(resource, settings, beside);
    if (shared.isPresent()) {
      // the other schedule may go or change its prefix without this one hearing of it: look again
      notActing.report(resource, ReadyReason.SHARED_PREFIX, shared.get());
      return Optional.of(SharedPrefix.RECHECK);
    }
    return act(resource, settings, PitrWishes.conflict(resource, settings, beside));
  }

  /** The pipeline of a schedule that may act, in the order its parts run. */
  private Optional<Duration> act(
      DynamoDBBackupSchedule resource, ScheduleSettings settings, Optional<String> pitrConflict) {
    inventory.register(settings.target()); // its scope's full listing starts, if due
    Step step = opener.open(resource, settings);
    if (step == null) {
      return Optional.empty(); // deleted meanwhile
    }
    step = finalizer.keep(step); // a finalizer exactly when deletion leaves work to do
    step = inFlight.observe(step); // the backup in flight: adopt or create it, follow it
    step = pruner.pruneIfDue(step); // retention, once it is AVAILABLE
    step = starter.startIfDue(step); // a backup-now value or a due slot: record, then create
    step = pruner.pruneIfDue(step); // retention, when the new backup was AVAILABLE at once
    Optional<Duration> notLeading = NotLeading.exit(step.failure(), step.key());
    if (notLeading.isPresent()) {
      return notLeading; // the leader carries on: write nothing more
    }
    step = tableCheck.checkIfChanged(step); // a new spec: DescribeTable once, now, not at the slot
    step = drills == null ? step : drills.advance(step); // a restore drill, one step at a time
    step = pitr.checkIfDue(step, pitrConflict); // PITR as the spec says, on a bounded period
    step = exports.advanceIfDue(step); // off-site: the export in flight, or the next one due
    step = chainDrills == null ? step : chainDrills.advance(step); // a drill of the export chain
    notLeading = NotLeading.exit(step.failure(), step.key());
    if (notLeading.isPresent()) {
      return notLeading;
    }
    return outcome.finish(step); // Ready, the status write, metrics, the wake-up
  }

  /**
   * For a schedule that carries the finalizer: see {@link ScheduleDeletion#cleanup}. Returns a
   * retry delay while something that must go is still there, empty once the finalizer is gone.
   */
  public Optional<Duration> cleanup(DynamoDBBackupSchedule resource) {
    return new ScheduleDeletion(memory, drills, chainDrills, deletion, finalizer, this::forget)
        .cleanup(resource);
  }

  /** The schedule is about to go: what is held for it and its metric series go with it. */
  private void forget(DynamoDBBackupSchedule resource) {
    memory.forget(resource);
    metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }
}
