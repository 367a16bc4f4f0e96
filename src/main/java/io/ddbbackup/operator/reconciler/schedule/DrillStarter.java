package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.DrillTable;
import io.ddbbackup.operator.restore.RestoreTarget;
import io.ddbbackup.operator.restore.SourcePick;
import io.ddbbackup.operator.schedule.SlotDecision;
import io.ddbbackup.operator.schedule.SlotPlanner;
import io.ddbbackup.operator.schedule.SlotState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a drill when its slot (spec.verify.schedule) is due: picks the newest AVAILABLE backup the
 * schedule owns and has not verified yet, skips one over spec.verify.maxTableSizeBytes, writes the
 * drill's start to status, then makes the restore call.
 */
final class DrillStarter {

  private final BackupStore backups;
  private final DrillTables tables;
  private final DrillOutcome outcome;
  private final StatusRecorder recorder;
  private final ResourceEvents events;
  private final Backoff backoff;
  private final Clock clock;

  DrillStarter(
      BackupStore backups,
      DrillTables tables,
      DrillOutcome outcome,
      StatusRecorder recorder,
      ResourceEvents events,
      Backoff backoff,
      Clock clock) {
    this.backups = backups;
    this.tables = tables;
    this.outcome = outcome;
    this.recorder = recorder;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** A drill-now value not acted on yet, if the resource carries one. */
  static Optional<String> manualTrigger(DynamoDBBackupSchedule resource, Verification v) {
    return manualTrigger(resource, v.lastDrillTrigger());
  }

  /** A drill-now value other than {@code lastActedOn}, if the resource carries one. */
  static Optional<String> manualTrigger(DynamoDBBackupSchedule resource, String lastActedOn) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION);
    if (value == null || value.isEmpty() || value.equals(lastActedOn)) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /**
   * Starts the drill a new drill-now value asks for, else the one whose slot is due. A drill asked
   * for verifies the newest backup even when the last drill verified it already: someone wants the
   * proof now.
   */
  Step startIfDue(Step step, VerifySettings verify) {
    Verification v = step.state().verification();
    SlotDecision plan = plan(step, verify, v.lastDrillTime());
    Step planned =
        DrillOutcome.withVerification(step, v.withSlots(v.lastDrillTime(), plan.nextSlot()))
            .wakeBy(plan.nextSlot());
    Optional<String> manual = manualTrigger(step.resource(), v);
    if (manual.isPresent()) {
      Verification asked =
          v.withSlots(v.lastDrillTime(), plan.nextSlot()).withTrigger(manual.get());
      return startOn(DrillOutcome.withVerification(planned, asked), verify, step.now(), true);
    }
    if (plan.action() != SlotDecision.Action.BACK_UP) {
      return planned;
    }
    Verification acted = v.withSlots(plan.slot(), plan.nextSlot());
    return startOn(DrillOutcome.withVerification(planned, acted), verify, plan.slot(), false);
  }

  /** Picks the backup to drill (or says why none) and starts; {@code slot} names the table. */
  private Step startOn(Step due, VerifySettings verify, Instant slot, boolean asked) {
    ScheduleSettings settings = due.settings();
    Optional<Backup> newest =
        SourcePick.latestOwned(
            backups.list(settings.target(), null, null), settings.names(), settings.tableName());
    if (newest.isEmpty()) {
      return outcome.skipped(due, null, "the schedule owns no AVAILABLE backup yet");
    }
    Backup backup = newest.get();
    Verification acted = due.state().verification();
    if (!asked && backup.name().equals(acted.lastVerifiedBackupName())) {
      return outcome.skipped(
          due, backup.name(), "its newest backup was verified by the last drill");
    }
    if (verify.maxTableSizeBytes() != null && backup.sizeBytes() > verify.maxTableSizeBytes()) {
      return outcome.skipped(
          due,
          backup.name(),
          "backup %s is %d bytes, more than spec.verify.maxTableSizeBytes %d"
              .formatted(backup.name(), backup.sizeBytes(), verify.maxTableSizeBytes()));
    }
    return start(due, backup, slot);
  }

  /** The drill's cron, planned like the schedule's: missed drill slots collapse into one. */
  static SlotDecision plan(Step step, VerifySettings verify, Instant lastDrillTime) {
    Instant created = StatusTimes.parse(step.resource().getMetadata().getCreationTimestamp());
    return SlotPlanner.plan(
        verify.cron(),
        new SlotState(
            lastDrillTime,
            created == null ? step.now() : created,
            step.settings().suspend(),
            false,
            null,
            true),
        step.now());
  }

  private Step start(Step step, Backup backup, Instant slot) {
    String scratch = DrillTable.name(step.settings().names().prefix(), slot);
    Verification.Drill unstarted =
        Verification.Drill.restoring(backup.name(), backup.arn(), scratch, null);
    RestoreTarget.Look look = tables.look(step, unstarted);
    if (look.standing() == RestoreTarget.Standing.TAKEN) {
      return outcome.ended(
          step,
          backup.name(),
          DrillOutcome.FAILED,
          "table %s exists and is not this schedule's drill table: it was left alone"
              .formatted(scratch),
          null);
    }
    Verification.Drill started =
        Verification.Drill.restoring(backup.name(), backup.arn(), scratch, step.now());
    // recorded before the restore call: after a crash the drill is finished, its table deleted
    Step recorded = DrillOutcome.withDrill(step, started);
    DynamoDBBackupSchedule written = recorder.write(recorded.resource(), recorded.state());
    if (look.standing() == RestoreTarget.Standing.ABSENT) {
      try {
        tables.restore(recorded, started);
      } catch (BackupStoreException e) {
        // told from the step that holds the written start, not from the one before it
        throw new DrillCallFailed(recorded.written(written), e);
      }
    }
    events.normal(
        step.resource(),
        "DrillStarted",
        "Restore drill: restoring backup %s into scratch table %s"
            .formatted(backup.name(), scratch));
    return recorded.written(written).wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
  }
}
