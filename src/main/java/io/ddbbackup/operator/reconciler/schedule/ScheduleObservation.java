package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;

/** What the metrics are told after a reconcile of a valid schedule, from the state it wrote. */
final class ScheduleObservation {

  private ScheduleObservation() {}

  static ScheduleMetrics.Observation of(Step step, DynamoDBBackupSchedule written) {
    ScheduleState state = step.state();
    var ready = Conditions.ready(state.conditions());
    VerifySettings verify = step.settings().verify();
    PitrSettings pitr = step.settings().pitr();
    return new ScheduleMetrics.Observation(
        step.settings().cron(),
        step.settings().suspend(),
        StatusTimes.parse(written.getMetadata().getCreationTimestamp()),
        state.lastSuccessfulTime(),
        step.plan().nextSlot(),
        state.backupCount(),
        ready != null && "True".equals(ready.getStatus()),
        state.verification().lastPassedTime(),
        verify == null ? null : verify.period(step.now()),
        state.recovery().point(pitr == null ? null : pitr.enabled()),
        state.chainDrill().lastVerifiedTime(),
        verify == null ? null : verify.source());
  }
}
