package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.schedule.SlotDecision;
import java.time.Clock;
import java.time.Instant;

/**
 * The first part of the schedule's pipeline: the resource to act on (the cached one, or a fresh
 * read when the cache may lag behind a write of ours and the reconcile may act), with the state
 * held from an unwritten status resumed and the slot planned, as the {@link Step} the other parts
 * pass along.
 */
final class StepOpener {

  private final StatusRecorder recorder;
  private final Clock clock;

  StepOpener(StatusRecorder recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  /**
   * Reads what to act on (fresh when the cache may lag), resumes held state, plans the slot; null
   * when the schedule was deleted meanwhile.
   */
  Step open(DynamoDBBackupSchedule cached, ScheduleSettings settings) {
    Instant now = clock.instant();
    ScheduleState cachedState = ScheduleState.of(cached.getStatus());
    SlotDecision cachedPlan = SlotStarter.plan(cached, cachedState, settings, now);
    DynamoDBBackupSchedule resource =
        recorder.toActOn(
            cached,
            () ->
                cachedState.backupInFlight()
                    || SlotStarter.manualTrigger(cached, cachedState).isPresent()
                    || cachedPlan.due()
                    || OffsiteExport.mayAct(cachedState, settings, now));
    if (resource == null) {
      return null;
    }
    StatusRecorder.Resumed held = recorder.resume(resource);
    Long generation = resource.getMetadata().getGeneration();
    ScheduleState state =
        held.state()
            .with(
                s -> {
                  s.observedGeneration = generation;
                  s.backupNamePrefix = settings.names().prefix();
                });
    SlotDecision plan =
        resource == cached ? cachedPlan : SlotStarter.plan(resource, state, settings, now);
    return Step.begin(resource, settings, now, state, plan, held.pruneDue());
  }
}
