package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.DrillChecks;
import io.ddbbackup.operator.restore.RestoreTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The schedule's restore drills (spec.verify): on a cron of their own, restore the newest backup
 * not yet verified into a scratch table, check it, record the result and the time to restore,
 * delete the scratch table. One step per reconcile (start, look, check, clean), and the checks run
 * on a thread of their own ({@link DrillChecker}), so a drill never holds a reconcile thread: the
 * scheduled backups, started earlier in the same reconcile, never wait for it.
 *
 * <p>The drill's start is written to status before its restore call ({@link DrillStarter}) and its
 * scratch table carries the schedule's uid ({@link DrillTables}): after a crash the drill is
 * finished and its table deleted; a table of that name that is not this schedule's drill is never
 * touched.
 */
final class RestoreDrill {

  static final String VERIFIED = DrillOutcome.VERIFIED;

  private final DrillTables tables;
  private final DrillOutcome outcome;
  private final DrillStarter starter;
  private final DrillChecker checker;
  private final Backoff backoff;
  private final Clock clock;

  /** The drills' parts, wired; null without a checker (an operator that runs no drills). */
  static RestoreDrill of(
      io.ddbbackup.operator.backup.BackupStore backups,
      io.ddbbackup.operator.restore.TableStore store,
      DrillChecker checker,
      StatusRecorder recorder,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock) {
    if (checker == null) {
      return null;
    }
    DrillTables tables = new DrillTables(store, events);
    DrillOutcome outcome = new DrillOutcome(events, metrics);
    DrillStarter starter =
        new DrillStarter(backups, tables, outcome, recorder, events, backoff, clock);
    return new RestoreDrill(tables, outcome, starter, checker, backoff, clock);
  }

  RestoreDrill(
      DrillTables tables,
      DrillOutcome outcome,
      DrillStarter starter,
      DrillChecker checker,
      Backoff backoff,
      Clock clock) {
    this.tables = tables;
    this.outcome = outcome;
    this.starter = starter;
    this.checker = checker;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Moves the drill on by one step, or starts one when its slot is due. */
  Step advance(Step step) {
    VerifySettings spec = step.settings().verify();
    // spec.verify.source export: the drills are the chain's (ChainDrills), none of backups
    VerifySettings verify = spec != null && spec.drillsBackups() ? spec : null;
    Verification.Drill drill = step.state().verification().drill();
    if (step.queued()) {
      return step;
    }
    if (verify == null && drill == null) {
      return spec == null ? refuseDrillNow(step) : step;
    }
    try {
      if (drill == null) {
        return starter.startIfDue(step, verify);
      }
      if (verify == null) {
        String why =
            spec == null
                ? "spec.verify was removed during the drill"
                : "spec.verify.source no longer drills backups";
        return clean(step, drill.cleaning(DrillOutcome.SKIPPED, why));
      }
      return go(step, verify, drill);
    } catch (DrillCallFailed e) {
      return callFailed(e.at(), e.failure());
    } catch (BackupStoreException e) {
      return callFailed(step, e);
    }
  }

  /** An AWS failure of the drill: reported, retried later, and no business of the backups. */
  private Step callFailed(Step step, BackupStoreException e) {
    if (e.failure() == BackupStoreException.Failure.QUEUED) {
      return step.wakeWithin(clock.instant(), e.retryAfter());
    }
    if (e.failure() == BackupStoreException.Failure.NOT_LEADER) {
      // this replica lost the Lease: nothing is recorded, the leader goes on with the drill
      return step.stoppedBy(e, clock.instant());
    }
    return outcome
        .verified(step, "False", DrillOutcome.DRILL_ERROR, "Restore drill: " + e.getMessage())
        .wakeWithin(clock.instant(), backoff.failure(1, e.failure().isTransient()));
  }

  /** A drill-now on a schedule without spec.verify: refused once per value, with the fix. */
  private Step refuseDrillNow(Step step) {
    Verification v = step.state().verification();
    Optional<String> asked = DrillStarter.manualTrigger(step.resource(), v);
    if (asked.isEmpty()) {
      return step;
    }
    outcome.refused(
        step,
        "%s=%s asks for a restore drill, but the schedule has no spec.verify: add spec.verify"
                .formatted(DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION, asked.get())
            + " (its schedule, the checks and a timeout; docs/reference.md), then set the"
            + " annotation to a new value");
    return DrillOutcome.withVerification(step, v.withTrigger(asked.get()));
  }

  private Step go(Step step, VerifySettings verify, Verification.Drill drill) {
    boolean late = step.now().isAfter(drill.startTime().plus(verify.timeout()));
    if (late && drill.phase() != Verification.Drill.Phase.Cleaning) {
      String why =
          "the drill did not finish within spec.verify.timeoutMinutes (%d)"
              .formatted(verify.timeout().toMinutes());
      return clean(step, drill.cleaning(DrillOutcome.FAILED, why));
    }
    return switch (drill.phase()) {
      case Restoring -> restoring(step, drill);
      case Checking -> checking(step, verify, drill);
      case Cleaning -> clean(step, drill);
    };
  }

  private Step restoring(Step step, Verification.Drill drill) {
    RestoreTarget.Look look = tables.look(step, drill);
    if (look.standing() == RestoreTarget.Standing.ABSENT) {
      // the restore call was lost with the process: make it now
      tables.restore(step, drill);
      return step.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
    }
    if (look.standing() == RestoreTarget.Standing.TAKEN) {
      return outcome.ended(
          step,
          drill.backupName(),
          DrillOutcome.FAILED,
          "table %s is not this schedule's drill table: it was left alone"
              .formatted(drill.scratchTable()),
          null);
    }
    if (!look.table().isReady()) {
      Duration age = Duration.between(drill.startTime(), step.now());
      return step.wakeWithin(clock.instant(), backoff.follow(age));
    }
    long seconds = Math.max(0, Duration.between(drill.startTime(), step.now()).toSeconds());
    return DrillOutcome.withDrill(step, drill.checking(seconds))
        .wakeWithin(clock.instant(), Duration.ZERO);
  }

  private Step checking(Step step, VerifySettings verify, Verification.Drill drill) {
    TableTarget scratch = tables.scratch(step, drill.scratchTable());
    BackupDetails source =
        tables.store().describeBackup(step.settings().target(), drill.backupArn());
    Optional<DrillChecks.Verdict> verdict =
        checker.verdict(tables.store(), scratch, source, verify);
    if (verdict.isEmpty()) {
      return step.wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
    }
    DrillChecks.Verdict v = verdict.get();
    return DrillOutcome.withDrill(
            step,
            drill.cleaning(v.passed() ? DrillOutcome.PASSED : DrillOutcome.FAILED, v.message()))
        .wakeWithin(clock.instant(), Duration.ZERO);
  }

  /** Deletes the scratch table, if it is provably this drill's, and records the result. */
  private Step clean(Step step, Verification.Drill drill) {
    checker.forget(drill.scratchTable());
    RestoreTarget.Look look = tables.look(step, drill);
    if (look.standing() == RestoreTarget.Standing.OURS) {
      if (!look.table().isReady()) {
        // DynamoDB refuses to delete a table it is still restoring
        return DrillOutcome.withDrill(step, drill)
            .wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
      }
      tables.store().delete(tables.scratch(step, drill.scratchTable()));
    }
    String result = drill.result() == null ? DrillOutcome.FAILED : drill.result();
    String message = drill.message() == null ? "the drill ended early" : drill.message();
    return outcome.ended(step, drill.backupName(), result, message, drill.restoreSeconds());
  }

  /**
   * The schedule is being deleted: its drill's scratch table goes too (if provably the drill's),
   * whatever the deletion policy. A retry delay while DynamoDB is still restoring it.
   */
  Optional<Duration> abandon(DynamoDBBackupSchedule resource, ScheduleSettings settings) {
    ScheduleState state = ScheduleState.of(resource.getStatus());
    Verification.Drill drill = state.verification().drill();
    if (drill == null) {
      return Optional.empty();
    }
    Step step = Step.begin(resource, settings, clock.instant(), state, null, false);
    checker.forget(drill.scratchTable());
    try {
      RestoreTarget.Look look = tables.look(step, drill);
      if (look.standing() != RestoreTarget.Standing.OURS) {
        return Optional.empty();
      }
      if (!look.table().isReady()) {
        return Optional.of(Duration.ofSeconds(10));
      }
      tables.store().delete(tables.scratch(step, drill.scratchTable()));
      return Optional.empty();
    } catch (BackupStoreException e) {
      return Optional.of(
          e.failure() == BackupStoreException.Failure.QUEUED
              ? e.retryAfter()
              : Duration.ofSeconds(30));
    }
  }
}
