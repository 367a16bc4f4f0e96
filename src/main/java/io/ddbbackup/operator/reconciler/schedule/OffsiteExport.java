package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainAdvance;
import io.ddbbackup.operator.export.ChainKeys;
import io.ddbbackup.operator.export.ChainState;
import io.ddbbackup.operator.export.ConcurrentExports;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDecision;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportPlanner;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.Gap;
import io.ddbbackup.operator.export.RecordedExport;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule's off-site copies (spec.export): a part of the reconcile, after the drills and
 * point-in-time recovery, that moves the chain of exports on by {@link ChainAdvance}. Exactly once
 * per window: the window is written to status.export through {@link StatusRecorder} before
 * ExportTableToPointInTime is called, and a window recorded without an answer is resolved by its
 * client token.
 *
 * <p>While nothing is due and nothing is in flight it makes no call and no write: whether anything
 * is due is first asked of the planner as if the whole past were restorable, which can only say
 * "due" earlier than the truth, never later. Only then are the table's ARN (DescribeTable, once per
 * process, or none for a table given as an ARN) and its point-in-time recovery window
 * (DescribeContinuousBackups) read.
 *
 * <p>Status writes per export: the record before the call and the outcome. The ARN the call answers
 * with is held in memory until the outcome (a restarted process calls again with the same token,
 * which DynamoDB answers with the same export).
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

  private static final Logger LOG = LoggerFactory.getLogger(OffsiteExport.class);

  private final ChainAdvance advance;
  private final ExportBucket bucket;
  private final TenancyPolicy tenancy;
  private final TableStore tables;
  private final StatusRecorder recorder;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
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
    this.bucket = bucket;
    this.tenancy = tenancy;
    this.tables = tables;
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
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

  /** Moves the chain on when an export is due or in flight; else only asks to be woken. */
  Step advanceIfDue(Step step) {
    ExportSettings want = step.settings().export();
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (want == null) {
      // no longer exporting: the chain in status stays as the record of what was exported
      metrics.offsitePoint(step.metricsKey(), null, null, null);
      return condition == null ? step : step.with(withoutCondition(step.state()));
    }
    if (advance == null) {
      return told(
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
    if (refused.isPresent()) {
      // refused before any call: the operator's identity must not write there for this namespace
      return told(step, "False", NOT_PERMITTED, refused.get());
    }
    if (step.queued()) {
      return step; // our rate-limit queues are long: the backups go first, and come back
    }
    OffsiteChain offsite = step.state().offsite();
    if (offsite.chain() == null) {
      // the chain begins now: full slots before it are not due (as a new schedule's backups)
      offsite = OffsiteChain.starting(step.now());
      OffsiteChain begun = offsite;
      step = step.with(step.state().with(s -> s.offsite = begun));
    }
    ScheduleMemory.Held held = memory.of(step.resource());
    ChainState chain = withHeldArn(offsite.chain(), held);
    tellPoint(step, chain, want);
    if (chain.recorded() == null && step.settings().suspend()) {
      // suspended: nothing new is started (the export in flight is followed); on resume the chain
      // catches up from where it is gap-free, as after downtime
      return step;
    }
    if (chain.recorded() == null
        && optimistic(want, chain, step.now()) instanceof ExportDecision.Wait wait) {
      return wait.wakeAt() == null ? step : step.wakeBy(wait.wakeAt());
    }
    TableTarget target = step.settings().target();
    Instant earliest;
    Instant latest;
    ChainAdvance.Site site;
    try {
      Optional<String> tableArn = tableArn(target, held);
      if (tableArn.isEmpty()) {
        return failed(
            step,
            new BackupStoreException(
                Failure.TABLE_NOT_FOUND,
                "ResourceNotFoundException",
                "table %s not found: exports need the table".formatted(target.table()),
                null));
      }
      ContinuousBackups pitr = tables.continuousBackups(target);
      earliest = pitr.on() ? pitr.earliestRestorable() : null;
      latest = pitr.on() ? pitr.latestRestorable() : null;
      site =
          new ChainAdvance.Site(
              target,
              tables.regionOf(target),
              tableArn.get(),
              uidOf(step.resource()),
              want.cadence(),
              want.destination());
    } catch (BackupStoreException e) {
      return failed(step, e);
    }
    if (earliest != null && condition != null && PITR_OFF.equals(condition.getReason())) {
      // turned on since: say so now, not only when the next export completes
      step =
          step.withCondition(
              CONDITION,
              "Unknown",
              PITR_ON,
              ("Point-in-time recovery of table %s is on; exports resume with the next one due"
                      + " (a full slot before %s cannot be exported)")
                  .formatted(step.settings().tableName(), StatusTimes.seconds(earliest)));
    }
    if (protectionsUnknown(step.state().offsite(), want)) {
      step = readProtections(step, want);
    }
    Writes writes = new Writes(step);
    ChainAdvance.Result result =
        advance.advance(site, chain, earliest, latest, clock.instant(), writes);
    if (writes.conflicted) {
      // the schedule changed since it was read: nothing was called; read it again soon
      return writes.step.wakeWithin(clock.instant(), backoff.failure(1, true));
    }
    return outcome(writes.step, chain, result, want, held);
  }

  /** The status write that must precede a call, and the step it leaves. */
  private final class Writes implements ChainAdvance.Recorder {
    Step step;
    boolean conflicted;

    Writes(Step step) {
      this.step = step;
    }

    @Override
    public boolean record(ChainState recorded) {
      return record(recorded, null);
    }

    /**
     * Writes the record beside the completed export (the bucket alone is then enough to restore),
     * before the chain moves past it; a failure keeps the export in flight (ChainAdvance).
     */
    @Override
    public void completed(ExportWindow window, Export export) {
      if (bucket == null) {
        return;
      }
      ExportSettings want = step.settings().export();
      TableTarget target = step.settings().target();
      ScheduleMemory.Held held = memory.of(step.resource());
      TableShape shape = held.exportShape;
      if (shape == null || window.kind() == ExportKind.FULL) {
        // read again with each new base: an index added since shows from the next base on
        Table table =
            tables
                .describe(target)
                .orElseThrow(
                    () ->
                        new BackupStoreException(
                            Failure.TABLE_NOT_FOUND,
                            "ResourceNotFoundException",
                            "table %s not found: the record beside export %s needs its key schema"
                                .formatted(target.table(), export.arn()),
                            null));
        shape = ExportShapes.of(table);
        held.exportShape = shape;
      }
      var meta = step.resource().getMetadata();
      ExportRecord record =
          ExportRecord.of(
              want.destination(),
              window,
              export,
              shape,
              previousKey(step.state().offsite(), window, want.destination().prefix()),
              new ExportRecord.ScheduleRef(meta.getNamespace(), meta.getName(), meta.getUid()));
      bucket.writeRecord(target, want.destination(), record);
      if (window.kind() == ExportKind.FULL) {
        step = readProtections(step, want); // what guards the new base
      }
    }

    @Override
    public boolean record(ChainState recorded, Gap gap) {
      OffsiteChain next = step.state().offsite().with(recorded);
      String gapMessage = null;
      if (gap != null) {
        next = next.gap(gap);
        gapMessage = gapMessage(step, gap);
      }
      OffsiteChain written = next;
      Step told = step.with(step.state().with(s -> s.offsite = written));
      if (gapMessage != null) {
        told = told.withCondition(CONDITION, "False", GAP, gapMessage);
      }
      try {
        DynamoDBBackupSchedule resource = recorder.write(told.resource(), told.state());
        step = told.written(resource);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        conflicted = true;
        return false;
      }
      if (gapMessage != null) {
        LOG.warn("{}: {}", step.key(), gapMessage);
        events.warning(step.resource(), "ExportGap", gapMessage);
        metrics.exportGap(step.metricsKey());
      }
      return true;
    }
  }

  /**
   * The key of the record an incremental export over {@code window} follows: the last export the
   * chain completed, which ended where this window starts (the base, or an incremental); null for a
   * full export, which starts a chain of its own.
   */
  static String previousKey(OffsiteChain offsite, ExportWindow window, String prefix) {
    if (window.kind() == ExportKind.FULL || offsite.lastExportArn() == null) {
      return null;
    }
    OffsiteChain.Base base = offsite.base();
    ExportKind kind =
        base != null && offsite.lastExportArn().equals(base.arn())
            ? ExportKind.FULL
            : ExportKind.INCREMENTAL;
    return ChainKeys.recordKey(
        prefix, window.from(), kind, ChainKeys.exportId(offsite.lastExportArn()));
  }

  private Step outcome(
      Step step,
      ChainState before,
      ChainAdvance.Result result,
      ExportSettings want,
      ScheduleMemory.Held held) {
    OffsiteChain offsite = step.state().offsite();
    ChainState next = result.state();
    // the ARN is held, not written: the outcome's write carries what the user needs
    ChainState written = offsite.chain();
    RecordedExport rec = next.recorded();
    RecordedExport writtenRec = written.recorded();
    if (rec != null
        && rec.arn() != null
        && writtenRec != null
        && writtenRec.arn() == null
        && writtenRec.window().equals(rec.window())
        && writtenRec.attempt() == rec.attempt()) {
      held.exportStarted = rec;
      next = new ChainState(next.chain(), writtenRec);
    } else {
      held.exportStarted = null;
    }
    offsite = offsite.with(next);
    Step s = step;
    for (ChainAdvance.Note note : result.notes()) {
      if (note instanceof ChainAdvance.Note.Completed c) {
        ExportWindow window = before.recorded().window();
        offsite = offsite.completed(window, c.export());
        // its record is in the bucket already (Writes.completed, before the chain moved on)
        s = completed(s, window, c.export(), offsite, want);
      } else if (note instanceof ChainAdvance.Note.Started started) {
        String message =
            "Export %s started: %s into %s"
                .formatted(
                    result.state().recorded() == null
                        ? windowText(started.export())
                        : result.state().recorded().window(),
                    started.export().arn(),
                    where(want));
        LOG.info("{}: {}", s.key(), message);
        events.normal(s.resource(), "ExportStarted", message);
      } else if (note instanceof ChainAdvance.Note.Failed f) {
        s = exportFailed(s, before.recorded().window(), f, want);
      } else if (note instanceof ChainAdvance.Note.Abandoned a) {
        String message =
            "Export %s can never be made (%s); the next export is a new base"
                .formatted(a.window(), a.why());
        LOG.warn("{}: {}", s.key(), message);
        events.warning(s.resource(), "ExportFailed", message);
        metrics.exportFinished(s.metricsKey(), a.window().kind(), "Abandoned", null);
        s = s.withCondition(CONDITION, "False", ABANDONED, message);
      } else if (note instanceof ChainAdvance.Note.SkippedSlot skipped) {
        String message =
            ("The full export of %s is not made: the slot lies before the table's earliest"
                    + " restorable time")
                .formatted(skipped.slot());
        LOG.info("{}: {}", s.key(), message);
        events.normal(s.resource(), "ExportSlotSkipped", message);
      } else if (note instanceof ChainAdvance.Note.PitrOff) {
        s = pitrOff(s);
      } else if (note instanceof ChainAdvance.Note.WaitingForASeat w) {
        LOG.info(
            "{}: {} exports of the account are in flight; waiting for one to finish",
            s.key(),
            w.inFlight());
      }
    }
    OffsiteChain done = offsite;
    s = s.with(s.state().with(st -> st.offsite = done));
    tellPoint(s, done.chain(), want);
    if (result.failure() != null) {
      return failed(s, result.failure());
    }
    s = objectLockRequired(s, want);
    held.exportFailures = 0;
    return result.wakeAt() == null ? s : s.wakeBy(result.wakeAt());
  }

  /** True when status holds no protections of the destination's bucket. */
  private boolean protectionsUnknown(OffsiteChain offsite, ExportSettings want) {
    return bucket != null
        && (offsite.protections() == null
            || !offsite.protections().bucket().equals(want.destination().bucket()));
  }

  /**
   * Reads the bucket's protections (GetBucketVersioning, GetObjectLockConfiguration) into status. A
   * failure does not stop the exports: it is told (an Event), and the read is tried again next time
   * an export is due.
   */
  private Step readProtections(Step step, ExportSettings want) {
    try {
      BucketProtections read = bucket.protections(step.settings().target(), want.destination());
      OffsiteChain.Protections p = OffsiteChain.Protections.of(read, clock.instant());
      OffsiteChain with = step.state().offsite().withProtections(p);
      return step.with(step.state().with(st -> st.offsite = with));
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.NOT_LEADER) {
        throw e;
      }
      String message =
          "The protections of export bucket %s could not be read: %s"
              .formatted(want.destination().bucket(), e.getMessage());
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "BucketProtectionsUnknown", message);
      return step;
    }
  }

  /**
   * With spec.export.requireObjectLock, a bucket that does not lock every export on arrival fails
   * the Exported condition, naming the bucket and the fix. The exports go on: a copy that is not
   * locked is still a copy out of the table's account.
   */
  private Step objectLockRequired(Step step, ExportSettings want) {
    OffsiteChain.Protections p = step.state().offsite().protections();
    if (!want.requireObjectLock()
        || p == null
        || !p.bucket().equals(want.destination().bucket())
        || p.locksEveryExport()) {
      return step;
    }
    String owner = want.destination().bucketOwner();
    String message =
        ("export bucket %s does not lock every export on arrival (%s), and"
                + " spec.export.requireObjectLock is true: enable Object Lock with a default"
                + " retention on it (aws s3api put-object-lock-configuration, Rule.DefaultRetention"
                + " in COMPLIANCE mode)%s, or export to a bucket that has it (docs/export.md, Bucket"
                + " protections)")
            .formatted(
                p.bucket(),
                p.words(),
                owner == null
                    ? ""
                    : "; the bucket belongs to account " + owner + ": ask its owner");
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (condition == null || !message.equals(condition.getMessage())) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "ObjectLockRequired", message);
    }
    return step.withCondition(CONDITION, "False", OBJECT_LOCK_REQUIRED, message);
  }

  private Step completed(
      Step step, ExportWindow window, Export export, OffsiteChain chain, ExportSettings want) {
    String message =
        "Export %s completed: %s, %s items, %s bytes billed; the bucket holds every change"
                .formatted(
                    window, export.arn(), count(export.itemCount()), count(export.billedBytes()))
            + " through %s".formatted(chain.gapFreeThrough());
    LOG.info("{}: {}", step.key(), message);
    events.normal(step.resource(), "ExportCompleted", message);
    metrics.exportFinished(step.metricsKey(), window.kind(), "Completed", export.billedBytes());
    return step.withCondition(
        CONDITION,
        "True",
        COMPLETED,
        "The bucket %s holds every change through %s (last export %s)"
            .formatted(where(want), chain.gapFreeThrough(), window));
  }

  private Step exportFailed(
      Step step, ExportWindow window, ChainAdvance.Note.Failed f, ExportSettings want) {
    Export e = f.export();
    String message =
        "Export %s failed: %s: %s (into %s); %s"
            .formatted(
                window,
                e.failureCode(),
                e.failureMessage(),
                where(want),
                f.retried()
                    ? "tried again with a new token after a pause"
                    : "its window has left the point-in-time recovery window: the next export is"
                        + " a new base");
    LOG.warn("{}: {}", step.key(), message);
    events.warning(step.resource(), "ExportFailed", message);
    metrics.exportFinished(step.metricsKey(), window.kind(), "Failed", null);
    return step.withCondition(CONDITION, "False", FAILED, message);
  }

  private Step pitrOff(Step step) {
    String message =
        ("Point-in-time recovery of table %s is off, and exports need it: turn it on with"
                + " spec.pointInTimeRecovery (enabled: true), or outside the operator; exports"
                + " start at the next full slot after that")
            .formatted(step.settings().tableName());
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (condition == null || !message.equals(condition.getMessage())) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "PitrOffForExport", message);
    }
    return step.withCondition(CONDITION, "False", PITR_OFF, message)
        .wakeWithin(clock.instant(), PITR_RECHECK);
  }

  /** A call failed or was queued: the state so far is kept, and the work comes back. */
  private Step failed(Step step, BackupStoreException e) {
    Instant asked = clock.instant();
    ScheduleMemory.Held held = memory.of(step.resource());
    if (e.failure() == Failure.QUEUED) {
      return step.wakeWithin(asked, e.retryAfter());
    }
    if (e.failure() == Failure.NOT_LEADER) {
      return step.stoppedBy(e, asked);
    }
    if (e.failure() == Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE) {
      return pitrOff(step);
    }
    int failures = ++held.exportFailures;
    if (e.failure().isTransient()) {
      LOG.info("{}: an export call will be retried: {}", step.key(), e.getMessage());
      return step.wakeWithin(asked, backoff.failure(failures, true));
    }
    String reason = ReadyReason.of(e.failure()).reason;
    String message = "Exports: " + e.getMessage();
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (condition == null || !message.equals(condition.getMessage())) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "ExportFailed", message);
    }
    return step.withCondition(CONDITION, "False", reason, message)
        .wakeWithin(asked, backoff.failure(failures, false));
  }

  private Step told(Step step, String status, String reason, String message) {
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (condition != null
        && status.equals(condition.getStatus())
        && message.equals(condition.getMessage())) {
      return step;
    }
    return step.withCondition(CONDITION, status, reason, message);
  }

  /**
   * The off-site point and the age it may reach: two periods (the incremental period, else the time
   * between two full slots), so one export late is an alert and one slow export is not.
   */
  private void tellPoint(Step step, ChainState chain, ExportSettings want) {
    Duration period = want.cadence().incrementalPeriod();
    if (period == null) {
      Instant next = want.cadence().full().nextAfter(step.now()).orElse(null);
      Instant after = next == null ? null : want.cadence().full().nextAfter(next).orElse(null);
      period = after == null ? null : Duration.between(next, after);
    }
    metrics.offsitePoint(
        step.metricsKey(),
        chain.chain().gapFreeThrough(),
        chain.chain().createdAt(),
        period == null ? null : period.multipliedBy(2));
  }

  /** The table's ARN: given in the spec, or read once per process (DescribeTable). */
  private Optional<String> tableArn(TableTarget target, ScheduleMemory.Held held) {
    if (target.table().startsWith("arn:")) {
      return Optional.of(target.table());
    }
    String known = held.exportTableArn;
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> arn = tables.describe(target).map(Table::arn);
    arn.ifPresent(a -> held.exportTableArn = a);
    return arn;
  }

  /** The chain with the ARN held for its recorded window, when this process has it. */
  private static ChainState withHeldArn(ChainState chain, ScheduleMemory.Held held) {
    RecordedExport rec = chain.recorded();
    RecordedExport started = held.exportStarted;
    if (rec == null
        || rec.arn() != null
        || started == null
        || !started.window().equals(rec.window())
        || started.attempt() != rec.attempt()) {
      return chain;
    }
    return new ChainState(chain.chain(), rec.started(started.arn()));
  }

  private static String gapMessage(Step step, Gap gap) {
    return ("Changes from %s to %s of table %s left the point-in-time recovery window before they"
            + " were exported and are not in the bucket; a new full export at %s starts the"
            + " chain again")
        .formatted(gap.from(), gap.to(), step.settings().tableName(), gap.to());
  }

  private static String where(ExportSettings want) {
    ExportDestination d = want.destination();
    return "s3://" + d.bucket() + "/" + d.prefix();
  }

  private static String windowText(Export export) {
    return export.window() == null ? "" : export.window().toString();
  }

  private static String count(Long n) {
    return n == null ? "an unknown number of" : String.valueOf(n);
  }

  private static String uidOf(DynamoDBBackupSchedule resource) {
    var meta = resource.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }

  private static ScheduleState withoutCondition(ScheduleState state) {
    return state.with(s -> s.conditions = Conditions.without(s.conditions, CONDITION));
  }
}
