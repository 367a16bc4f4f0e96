package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.schedule.SlotDecision;
import io.ddbbackup.operator.schedule.SlotPlanner;
import io.ddbbackup.operator.schedule.SlotState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what is due when nothing is in flight: a new backup-now value first, else the slot the
 * planner decided on (backed up, or skipped past its deadline). The slot and its backup's name are
 * written to status before CreateBackup is called: see {@link InFlightBackup}.
 */
final class SlotStarter {

  private static final Logger LOG = LoggerFactory.getLogger(SlotStarter.class);

  private final InFlightBackup inFlight;
  private final StatusRecorder recorder;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Checkpoints checkpoints;

  SlotStarter(
      InFlightBackup inFlight,
      StatusRecorder recorder,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Checkpoints checkpoints) {
    this.inFlight = inFlight;
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
  }

  /** The planner's decision for this schedule now: one call of the schedule's rules. */
  static SlotDecision plan(
      DynamoDBBackupSchedule resource,
      ScheduleState state,
      ScheduleSettings settings,
      Instant now) {
    Instant created = StatusTimes.parse(resource.getMetadata().getCreationTimestamp());
    return SlotPlanner.plan(
        settings.cron(),
        new SlotState(
            state.lastScheduleTime(),
            created == null ? now : created,
            settings.suspend(),
            settings.immediate(),
            settings.startingDeadlineSeconds(),
            state.lastBackup() != null),
        now);
  }

  /** A backup-now value not acted on yet, if the resource carries one. */
  static Optional<String> manualTrigger(DynamoDBBackupSchedule resource, ScheduleState state) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION);
    if (value == null || value.isEmpty() || value.equals(state.lastManualTrigger())) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  Step startIfDue(Step step) {
    if (step.stopped() || step.pruneDue() || step.state().backupInFlight()) {
      return step;
    }
    Optional<String> manual = manualTrigger(step.resource(), step.state());
    if (manual.isPresent()) {
      Step triggered = step.with(step.state().with(s -> s.lastManualTrigger = manual.get()));
      SlotRecord last = step.state().lastBackup();
      String name =
          step.settings().names().forManual(step.now(), last == null ? null : last.name());
      return start(triggered, name, "manual trigger " + manual.get());
    }
    return step.plan().due() ? actOnSlot(step, step.plan()) : step;
  }

  /** Records the due slot as acted on, then backs it up or, past its deadline, skips it. */
  private Step actOnSlot(Step step, SlotDecision plan) {
    Step acted =
        step.with(
                step.state()
                    .with(
                        s -> {
                          s.lastScheduleTime = plan.slot();
                          s.missedCount += plan.missed();
                        }))
            .slotHandled();
    if (plan.missed() > 0) {
      metrics.slotsMissed(step.metricsKey(), plan.missed());
    }
    if (plan.action() == SlotDecision.Action.SKIP_PAST_DEADLINE) {
      events.warning(
          step.resource(),
          "SlotSkipped",
          "Slot %s was noticed %ds after its time, past startingDeadlineSeconds=%d; skipped"
              .formatted(
                  StatusTimes.format(plan.slot()),
                  Duration.between(plan.slot(), step.now()).toSeconds(),
                  step.settings().startingDeadlineSeconds()));
      return acted;
    }
    if (plan.missed() > 0) {
      events.warning(
          step.resource(),
          "SlotsMissed",
          "%d slot(s) before %s passed without a backup; backing up the newest only"
              .formatted(plan.missed(), StatusTimes.format(plan.slot())));
    }
    return start(acted, step.settings().names().forSlot(plan.slot()), "slot " + plan.slot());
  }

  private Step start(Step step, String name, String why) {
    SlotRecord last = step.state().lastBackup();
    if (last != null && name.equals(last.name()) && last.phase() != BackupPhase.FAILED) {
      // a name already started is never started twice (manual names never repeat one: forManual)
      return step;
    }
    Long generation = step.resource().getMetadata().getGeneration();
    // the record says CREATING with the next slot already, so it can stand until the outcome
    ScheduleState recorded =
        step.state()
            .with(
                s -> {
                  s.lastBackup = SlotRecord.recorded(name);
                  s.nextScheduleTime = step.plan().nextSlot();
                  s.conditions = ReadyReport.backingUp(step.state(), name, generation, step.now());
                });
    // recorded before CreateBackup: see InFlightBackup
    DynamoDBBackupSchedule written = recorder.write(step.resource(), recorded);
    checkpoints.reached(Checkpoints.Point.AFTER_SLOT_RECORDED);
    LOG.info(
        "creating backup {} of table {} for {} ({})",
        name,
        step.settings().tableName(),
        step.key(),
        why);
    return inFlight.create(step.with(recorded).written(written), name);
  }
}
