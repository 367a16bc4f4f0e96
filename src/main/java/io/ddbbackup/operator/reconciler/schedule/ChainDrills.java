package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.ChainDrillChecks;
import io.ddbbackup.operator.restore.ChainRestorePlan;
import io.ddbbackup.operator.restore.DrillChecks;
import io.ddbbackup.operator.restore.DrillTable;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.schedule.SlotDecision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drills of the export chain (spec.verify.source export or both): at each drill slot, or for a
 * drill-now value, a DynamoDBRestore from the schedule's own chain into a scratch table, owned by
 * the schedule ({@link DrillRestoreApi}); once it is Completed, the scratch table is checked
 * against the chain's records in the bucket ({@link ChainDrillChecks}), then the restore is deleted
 * and takes the scratch table along. Its start is written to status before the restore is made, so
 * a crash never loses it; a restore of that name that is not this schedule's is never followed or
 * deleted. The result is the ExportVerified condition and an Event; like a backup drill's, it never
 * touches Ready.
 */
final class ChainDrills {

  static final String EXPORT_VERIFIED = "ExportVerified";

  private static final Logger LOG = LoggerFactory.getLogger(ChainDrills.class);

  private final DrillRestoreApi restores;
  private final ExportBucket bucket;
  private final TableStore tables;
  private final DrillChecker checker;
  private final StatusRecorder recorder;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;

  ChainDrills(
      DrillRestoreApi restores,
      ExportBucket bucket,
      TableStore tables,
      DrillChecker checker,
      StatusRecorder recorder,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock) {
    this.restores = restores;
    this.bucket = bucket;
    this.tables = tables;
    this.checker = checker;
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** The part, wired; null for an operator without drills or without an export bucket. */
  static ChainDrills of(
      ScheduleStatusApi api,
      ExportBucket bucket,
      TableStore tables,
      DrillChecker checker,
      StatusRecorder recorder,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock) {
    if (checker == null || bucket == null) {
      return null;
    }
    DrillRestoreApi restores = new DrillRestoreApi(api.client());
    return new ChainDrills(
        restores, bucket, tables, checker, recorder, events, metrics, backoff, clock);
  }

  /** Moves the drill of the chain on by one step, or starts one when it is due. */
  Step advance(Step step) {
    if (step.queued()) {
      return step;
    }
    VerifySettings verify = step.settings().verify();
    boolean wanted = verify != null && verify.drillsExports() && step.settings().export() != null;
    ChainDrill drill = step.state().chainDrill();
    try {
      if (!drill.underWay()) {
        return wanted ? startIfDue(step, verify, drill) : step;
      }
      if (!wanted && drill.phase() != ChainDrill.Phase.Cleaning) {
        String why = "spec.verify no longer drills the export chain";
        return with(step, drill.cleaning(DrillOutcome.SKIPPED, why, null, null))
            .wakeWithin(clock.instant(), Duration.ZERO);
      }
      return go(step, verify, drill);
    } catch (BackupStoreException e) {
      return callFailed(step, e);
    } catch (KubernetesClientException e) {
      LOG.warn("drill of the export chain of {}: {}", step.key(), e.getMessage());
      return step.wakeWithin(clock.instant(), backoff.failure(1, true));
    }
  }

  private Step startIfDue(Step step, VerifySettings verify, ChainDrill drill) {
    SlotDecision plan = DrillStarter.plan(step, verify, drill.lastDrillTime());
    Step planned = step.wakeBy(plan.nextSlot());
    Optional<String> manual = DrillStarter.manualTrigger(step.resource(), drill.lastDrillTrigger());
    if (manual.isPresent()) {
      return start(planned, drill.withTrigger(manual.get()), step.now(), true);
    }
    if (plan.action() != SlotDecision.Action.BACK_UP) {
      return planned;
    }
    return start(planned, drill.withSlot(plan.slot()), plan.slot(), false);
  }

  /**
   * Starts a drill; one due by the cron is skipped while the schedule has made no full export yet,
   * one asked for (drill-now) drills whatever chain the bucket holds.
   */
  private Step start(Step step, ChainDrill acted, Instant slot, boolean asked) {
    if (!asked && step.state().offsite().base() == null) {
      return ended(
          with(step, acted),
          DrillOutcome.SKIPPED,
          "the export chain has no full export yet: the first drill of it follows spec.export.full");
    }
    String scratch = DrillTable.name(step.settings().names().prefix() + "-chain", slot);
    String name = DrillRestoreApi.restoreName(step.resource(), slot);
    Optional<DrillRestoreApi.Seen> taken = restores.get(step.resource(), name);
    if (taken.isPresent() && !taken.get().ours()) {
      return ended(
          with(step, acted),
          DrillOutcome.FAILED,
          "DynamoDBRestore %s exists and is not this schedule's drill: it was left alone"
              .formatted(name));
    }
    // recorded before the restore is made: after a crash the drill is found and finished
    Step recorded = with(step, acted.started(name, scratch, step.now()));
    Step written = recorded.written(recorder.write(recorded.resource(), recorded.state()));
    try {
      restores.create(written.resource(), name, scratch);
    } catch (KubernetesClientException e) {
      // told from the step that holds the written start: the next reconcile makes the restore
      LOG.warn("drill of the export chain of {}: {}", step.key(), e.getMessage());
      return written.wakeWithin(clock.instant(), backoff.failure(1, true));
    }
    events.normal(
        step.resource(),
        "ChainDrillStarted",
        "Restore drill of the export chain: DynamoDBRestore %s restores it into scratch table %s"
            .formatted(name, scratch));
    return written.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
  }

  private Step go(Step step, VerifySettings verify, ChainDrill drill) {
    if (drill.phase() == ChainDrill.Phase.Cleaning) {
      return clean(step, drill); // also once spec.verify no longer drills the chain
    }
    if (step.now().isAfter(drill.startTime().plus(verify.timeout()))) {
      String why =
          "the drill did not finish within spec.verify.timeoutMinutes (%d)"
              .formatted(verify.timeout().toMinutes());
      return with(step, drill.cleaning(DrillOutcome.FAILED, why, null, null))
          .wakeWithin(clock.instant(), Duration.ZERO);
    }
    return restoring(step, verify, drill);
  }

  private Step restoring(Step step, VerifySettings verify, ChainDrill drill) {
    Optional<DrillRestoreApi.Seen> seen = restores.get(step.resource(), drill.restoreName());
    if (seen.isEmpty()) {
      // its creation was lost with the process: make it now
      restores.create(step.resource(), drill.restoreName(), drill.scratchTable());
      return step.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
    }
    DrillRestoreApi.Seen restore = seen.get();
    if (!restore.ours()) {
      String why =
          "DynamoDBRestore %s is not this schedule's drill: it was left alone"
              .formatted(drill.restoreName());
      return ended(with(step, drill), DrillOutcome.FAILED, why);
    }
    if (restore.failed() || restore.stuck()) {
      String why = "the restore from the export chain failed: " + restore.message();
      return with(step, drill.cleaning(DrillOutcome.FAILED, why, null, null))
          .wakeWithin(clock.instant(), Duration.ZERO);
    }
    if (!restore.completed()) {
      Duration age = Duration.between(drill.startTime(), step.now());
      return step.wakeWithin(clock.instant(), backoff.follow(age));
    }
    Optional<DrillChecks.Verdict> verdict = check(step, verify, drill, restore.restoredTo());
    if (verdict.isEmpty()) {
      return step.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
    }
    DrillChecks.Verdict v = verdict.get();
    ChainDrill checked =
        drill.cleaning(
            v.passed() ? DrillOutcome.PASSED : DrillOutcome.FAILED,
            v.message(),
            restore.durationSeconds(),
            restore.restoredTo());
    return with(step, checked).wakeWithin(clock.instant(), Duration.ZERO);
  }

  /**
   * The checks, on the checker's threads: the chain's records are read there (a listing and one
   * read per record), and the plan for the point the restore reports is chosen from them.
   */
  private Optional<DrillChecks.Verdict> check(
      Step step, VerifySettings verify, ChainDrill drill, Instant restoredTo) {
    TableTarget as = step.settings().target();
    ChainLocation where = ChainLocation.of(step.settings().export().destination());
    TableTarget scratch = DrillTables.scratchOf(as, drill.scratchTable());
    return checker.verdict(
        tables,
        scratch,
        verify,
        (restored, counted, missing) -> {
          String place = "s3://" + where.bucket() + "/" + where.prefix();
          ChainRestorePlan.Choice choice =
              ChainRestorePlan.choose(bucket.readChain(as, where), restoredTo, place);
          if (choice.plan() == null) {
            return new DrillChecks.Verdict(false, choice.problem());
          }
          return ChainDrillChecks.judge(
              choice.plan(), restored, counted, missing, verify.tolerancePercent());
        });
  }

  /** Deletes the drill's restore (which deletes the scratch table), then records the result. */
  private Step clean(Step step, ChainDrill drill) {
    checker.forget(drill.scratchTable());
    Optional<DrillRestoreApi.Seen> seen = restores.get(step.resource(), drill.restoreName());
    if (seen.isPresent() && seen.get().ours()) {
      restores.delete(step.resource().getMetadata().getNamespace(), drill.restoreName());
      return with(step, drill).wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
    }
    String result = drill.result() == null ? DrillOutcome.FAILED : drill.result();
    String message = drill.message() == null ? "the drill ended early" : drill.message();
    return ended(with(step, drill), result, message);
  }

  /** The drill is over: its result in status, an Event and the ExportVerified condition. */
  private Step ended(Step step, String result, String message) {
    ChainDrill drill = step.state().chainDrill();
    boolean passed = DrillOutcome.PASSED.equals(result);
    String text =
        passed
            ? "The export chain restored to %s in %ds and passed: %s"
                .formatted(drill.restoredPoint(), drill.restoreSeconds(), message)
            : "%s: %s".formatted(result, message);
    if (passed) {
      events.normal(step.resource(), "ChainDrillPassed", text);
    } else {
      events.warning(step.resource(), "ChainDrill" + result, text);
    }
    metrics.drillFinished(step.metricsKey(), "export", result, drill.restoreSeconds());
    String status = passed ? "True" : DrillOutcome.SKIPPED.equals(result) ? "Unknown" : "False";
    return with(step, drill.ended(step.now(), result, message))
        .withCondition(EXPORT_VERIFIED, status, result, text);
  }

  /** An AWS failure of the checks: reported, retried later, and no business of the backups. */
  private Step callFailed(Step step, BackupStoreException e) {
    if (e.failure() == BackupStoreException.Failure.QUEUED) {
      return step.wakeWithin(clock.instant(), e.retryAfter());
    }
    if (e.failure() == BackupStoreException.Failure.NOT_LEADER) {
      return step.stoppedBy(e, clock.instant());
    }
    return step.withCondition(
            EXPORT_VERIFIED,
            "False",
            DrillOutcome.DRILL_ERROR,
            "Restore drill of the export chain: " + e.getMessage())
        .wakeWithin(clock.instant(), backoff.failure(1, e.failure().isTransient()));
  }

  /**
   * The schedule is being deleted: the drill's restore goes (it deletes the scratch table). A retry
   * delay while it is still there.
   */
  Optional<Duration> abandon(DynamoDBBackupSchedule resource) {
    ChainDrill drill = ScheduleState.of(resource.getStatus()).chainDrill();
    if (!drill.underWay()) {
      return Optional.empty();
    }
    checker.forget(drill.scratchTable());
    try {
      Optional<DrillRestoreApi.Seen> seen = restores.get(resource, drill.restoreName());
      if (seen.isEmpty() || !seen.get().ours()) {
        return Optional.empty();
      }
      restores.delete(resource.getMetadata().getNamespace(), drill.restoreName());
      return Optional.of(Duration.ofSeconds(5));
    } catch (KubernetesClientException e) {
      return Optional.of(Duration.ofSeconds(30));
    }
  }

  private static Step with(Step step, ChainDrill drill) {
    return step.with(step.state().with(s -> s.chainDrill = drill));
  }
}
