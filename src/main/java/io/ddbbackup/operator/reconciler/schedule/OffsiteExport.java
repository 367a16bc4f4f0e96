package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.ChainAdvance;
import io.ddbbackup.operator.export.ChainState;
import io.ddbbackup.operator.export.ConcurrentExports;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDecision;
import io.ddbbackup.operator.export.ExportPlanner;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.PitrWindow;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The schedule's off-site copies (spec.export): a part of the reconcile, after the drills and
 * point-in-time recovery, that moves the chain of exports on by {@link ChainAdvance}. Exactly once
 * per window: the window is written to status.export through {@link StatusRecorder} before
 * ExportTableToPointInTime is called, and a window recorded without an answer is resolved by its
 * client token.
 *
 * <p>While nothing is due and nothing is in flight it makes no call and no write: whether anything
 * is due is first asked of the planner as if the whole past were restorable, which can only say
 * "due" earlier than the truth, never later. Only then are the table's ARN ({@link ExportedTable})
 * and its point-in-time recovery window (DescribeContinuousBackups) read.
 *
 * <p>Status writes per export: the record before the call and the outcome. The ARN the call answers
 * with is held in memory until the outcome (a restarted process calls again with the same token,
 * which DynamoDB answers with the same export).
 *
 * <p>Its collaborators, each with one job: {@link ExportedTable} (the table's ARN and shape, one
 * DescribeTable), {@link ChainWrites} (the writes that must precede a call or a step of the chain),
 * {@link ExportRecordWriter} (the record beside each completed export), {@link
 * BucketProtectionsWatch} (the bucket's protections and requireObjectLock) and {@link ExportReport}
 * (the Exported condition, Events, metrics and the backoff after a failure).
 */
final class OffsiteExport {

  static final String CONDITION = "Exported";

  /** The Exported condition's reasons. */
  static final String COMPLETED = "Completed";

  static final String FAILED = "ExportFailed";
  static final String GAP = "ExportGap";
  static final String ABANDONED = "ExportAbandoned";
  static final String PITR_OFF = "PointInTimeRecoveryOff";
  static final String PITR_ON = "PointInTimeRecoveryOn";
  static final String OBJECT_LOCK_REQUIRED = "ObjectLockRequired";
  static final String NOT_PERMITTED = "NotPermitted";

  /** How often a schedule whose table has point-in-time recovery off looks again. */
  static final Duration PITR_RECHECK = Duration.ofMinutes(15);

  private final ChainAdvance advance;
  private final TenancyPolicy tenancy;
  private final TableStore tables;
  private final ExportedTable table;
  private final StatusRecorder recorder;
  private final ExportRecordWriter records;
  private final BucketProtectionsWatch protections;
  private final ExportReport report;
  private final Backoff backoff;
  private final Clock clock;
  private final ScheduleMemory memory;

  /**
   * @param exports the export calls; null for an operator that runs no exports (the condition says
   *     so to a schedule that asks for them)
   * @param bucket where the record beside each completed export is written; null for none
   * @param seats the operator's one gate for DynamoDB's concurrent-export quota
   * @param tenancy which buckets each namespace may export to
   */
  OffsiteExport(
      ExportStore exports,
      ExportBucket bucket,
      ConcurrentExports seats,
      TenancyPolicy tenancy,
      TableStore tables,
      StatusRecorder recorder,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock,
      ScheduleMemory memory) {
    this.advance = exports == null ? null : new ChainAdvance(exports, seats);
    this.tenancy = tenancy;
    this.tables = tables;
    this.table = new ExportedTable(tables, clock, memory);
    this.recorder = recorder;
    this.records = new ExportRecordWriter(bucket, table);
    this.protections = new BucketProtectionsWatch(bucket, events, backoff, clock, memory);
    this.report = new ExportReport(events, metrics, backoff, clock, memory);
    this.backoff = backoff;
    this.clock = clock;
    this.memory = memory;
  }

  /**
   * True when this reconcile may call or record for the exports: one is in flight, or the planner
   * (as if the whole past were restorable) says one is due. No call.
   */
  static boolean mayAct(ScheduleState state, ScheduleSettings settings, Instant now) {
    ExportSettings want = settings.export();
    if (want == null) {
      return false;
    }
    ChainState chain = state.offsite().chain();
    if (chain == null) {
      return true; // the first reconcile with spec.export records where the chain begins
    }
    return chain.recorded() != null
        || (!settings.suspend() && !(optimistic(want, chain, now) instanceof ExportDecision.Wait));
  }

  private static ExportDecision optimistic(ExportSettings want, ChainState chain, Instant now) {
    return ExportPlanner.plan(want.cadence(), chain.chain(), Instant.EPOCH, now);
  }

  /**
   * Moves the chain on when an export is due or in flight; else only asks to be woken. In order:
   * refusals before any call, the chain's beginning, whether anything is due (no call), the table's
   * ARN and PITR window, the bucket's protections, the advance itself, and what it leaves.
   */
  Step advanceIfDue(Step step) {
    ExportSettings want = step.settings().export();
    if (want == null) {
      return notExporting(step);
    }
    Step refused = refused(step, want);
    if (refused != null) {
      return refused;
    }
    if (step.queued()) {
      return step; // our rate-limit queues are long: the backups go first, and come back
    }
    step = begun(step);
    ScheduleMemory.Held held = memory.of(step.resource());
    ChainState chain = HeldExportArn.restored(step.state().offsite().chain(), held);
    report.tellPoint(step, chain, want);
    Step idle = idle(step, chain, want);
    if (idle != null) {
      return idle;
    }
    Sited sited;
    try {
      sited = site(step, want);
      step = report.pitrBackOn(step, sited.pitr());
    } catch (BackupStoreException e) {
      return report.failed(step, e);
    }
    return advanceChain(protections.readIfUnknown(step, want), chain, sited, held);
  }

  /** The advance itself, and what it leaves. */
  private Step advanceChain(Step step, ChainState chain, Sited sited, ScheduleMemory.Held held) {
    ChainWrites writes = new ChainWrites(step, recorder, records, protections, report);
    ChainAdvance.Result result;
    try {
      result = advance.advance(sited.site(), chain, sited.pitr(), clock.instant(), writes);
    } catch (BackupStoreException e) {
      // the PITR window could not be read when the advance asked for it: nothing was recorded or
      // called after that, and the next reconcile asks again
      return report.failed(writes.step(), e);
    }
    if (writes.conflicted()) {
      // the schedule changed since it was read: nothing was called; read it again soon
      return writes.step().wakeWithin(clock.instant(), backoff.failure(1, true));
    }
    return outcome(writes.step(), chain, result, held);
  }

  /** spec.export is gone: the chain in status stays as the record of what was exported. */
  private Step notExporting(Step step) {
    report.noPoint(step);
    if (Conditions.of(step.state().conditions(), CONDITION) == null) {
      return step;
    }
    return step.with(
        step.state().with(s -> s.conditions = Conditions.without(s.conditions, CONDITION)));
  }

  /** The Exported condition when nothing may be called at all; null when the exports may go on. */
  private Step refused(Step step, ExportSettings want) {
    if (advance == null) {
      return report.told(
          step,
          "False",
          "ExportsNotRunning",
          "This operator runs no exports (it was started without an export store); spec.export is"
              + " not acted on");
    }
    Optional<String> refused =
        tenancy.checkExport(
            step.resource().getMetadata().getNamespace(),
            step.settings().target().table(),
            step.settings().tableName(),
            step.settings().target().roleArn(),
            want.destination().bucket());
    // refused before any call: the operator's identity must not write there for this namespace
    return refused.map(why -> report.told(step, "False", NOT_PERMITTED, why)).orElse(null);
  }

  /** The chain in status, begun now if it has not (full slots before now are not due). */
  private static Step begun(Step step) {
    if (step.state().offsite().chain() != null) {
      return step;
    }
    OffsiteChain begun = OffsiteChain.starting(step.now());
    return step.with(step.state().with(s -> s.offsite = begun));
  }

  /**
   * The step when nothing is in flight and nothing new may start (no call): suspended, or nothing
   * due even as if the whole past were restorable (woken when something will be); else null.
   */
  private static Step idle(Step step, ChainState chain, ExportSettings want) {
    if (chain.recorded() != null) {
      return null; // the export in flight is followed, suspended or not
    }
    if (step.settings().suspend()) {
      // nothing new is started; on resume the chain catches up from where it is gap-free, as
      // after downtime
      return step;
    }
    if (optimistic(want, chain, step.now()) instanceof ExportDecision.Wait wait) {
      return wait.wakeAt() == null ? step : step.wakeBy(wait.wakeAt());
    }
    return null;
  }

  /**
   * Where the exports go, and the table's PITR window now (null bounds: PITR is off), read when
   * first asked for.
   */
  private record Sited(ChainAdvance.Site site, PitrWindow pitr) {}

  /**
   * The table's ARN (DescribeTable, once) and its PITR window (DescribeContinuousBackups, when the
   * advance needs it).
   */
  private Sited site(Step step, ExportSettings want) {
    TableTarget target = step.settings().target();
    String tableArn =
        table
            .arn(step)
            .orElseThrow(
                () ->
                    new BackupStoreException(
                        Failure.TABLE_NOT_FOUND,
                        "ResourceNotFoundException",
                        "table %s not found: exports need the table".formatted(target.table()),
                        null));
    ChainAdvance.Site site =
        new ChainAdvance.Site(
            target,
            tables.regionOf(target),
            tableArn,
            uidOf(step.resource()),
            want.cadence(),
            want.destination());
    return new Sited(site, new TablePitrWindow(tables, target));
  }

  /**
   * The chain as the advance left it, told: the ARN of a started export is held, not written (the
   * outcome's write carries what the user needs), each note becomes its condition, Event and
   * metric, and the work comes back when the chain needs it.
   */
  private Step outcome(
      Step step, ChainState before, ChainAdvance.Result result, ScheduleMemory.Held held) {
    ExportSettings want = step.settings().export();
    OffsiteChain offsite = step.state().offsite();
    offsite = offsite.with(HeldExportArn.toWrite(offsite.chain(), result.state(), held));
    for (ChainAdvance.Note note : result.notes()) {
      ExportWindow window = before.recorded() == null ? null : before.recorded().window();
      if (note instanceof ChainAdvance.Note.Completed c) {
        offsite = offsite.completed(window, c.export());
      }
      step = report.note(step, note, window, result.state(), offsite);
    }
    OffsiteChain done = offsite;
    step = step.with(step.state().with(st -> st.offsite = done));
    report.tellPoint(step, done.chain(), want);
    if (result.failure() != null) {
      return report.failed(step, result.failure());
    }
    step = protections.objectLockRequired(step, want);
    held.exportFailures = 0;
    return result.wakeAt() == null ? step : step.wakeBy(result.wakeAt());
  }

  private static String uidOf(DynamoDBBackupSchedule resource) {
    var meta = resource.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }
}
