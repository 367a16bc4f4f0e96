package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.restore.ContinuousBackups;

/** What the metrics are told after a reconcile of a valid schedule, from the state it wrote. */
final class ScheduleObservation {

  private ScheduleObservation() {}

  static ScheduleMetrics.Observation of(Step step, DynamoDBBackupSchedule written) {
    ScheduleState state = step.state();
    var ready = Conditions.ready(state.conditions());
    VerifySettings verify = step.settings().verify();
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
        recoveryPoint(step.settings().pitr(), state.recovery()));
  }

  private static ScheduleMetrics.RecoveryPoint recoveryPoint(PitrSettings want, Recovery r) {
    Boolean enabled = r.pitr() == null ? null : ContinuousBackups.ENABLED.equals(r.pitr());
    return new ScheduleMetrics.RecoveryPoint(
        want == null ? null : want.enabled(),
        enabled,
        Boolean.TRUE.equals(enabled) ? r.latest() : null,
        r.newestBackup(),
        r.retainedBytes());
  }
}
