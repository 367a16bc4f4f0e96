package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.ContinuousBackups;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** A point in time of a schedule's table, checked against the window its status.recovery shows. */
final class PointInTimeWindow {

  private PointInTimeWindow() {}

  /**
   * A point the source schedule's status.recovery says cannot be restored: point-in-time recovery
   * off when last checked, or a time before the window's start or in the future. Empty when the
   * schedule does not manage point-in-time recovery (DynamoDB then judges alone).
   */
  static Optional<RestoreStep> check(
      RestoreStep step,
      RestoreSettings.PointInTime point,
      Optional<SourceSchedule> schedule,
      Clock clock) {
    RecoveryStatus recovery = schedule.map(SourceSchedule::recovery).orElse(null);
    if (recovery == null || recovery.getPointInTimeRecovery() == null) {
      return Optional.empty();
    }
    if (ContinuousBackups.DISABLED.equals(recovery.getPointInTimeRecovery())) {
      return Optional.of(
          step.waiting(
              RestoreReason.SOURCE_NOT_FOUND,
              ("spec.source.pointInTime.fromSchedule: schedule %s found point-in-time recovery"
                      + " DISABLED at %s; set its spec.pointInTimeRecovery.enabled: true (the"
                      + " window starts then) or restore a backup with spec.source.fromSchedule")
                  .formatted(point.schedule(), recovery.getCheckedTime())));
    }
    Instant earliest = StatusTimes.parse(recovery.getEarliestRestorableTime());
    Instant time = point.time();
    if (time == null || earliest == null) {
      return Optional.empty();
    }
    if (time.isBefore(earliest) || time.isAfter(clock.instant())) {
      // the window is the source table's, which the schedule backs up; the target is made anew
      String source = point.table() != null ? point.table() : schedule.get().target().table();
      return Optional.of(
          step.failedFor(
              RestoreReason.INVALID_SPEC,
              ("spec.source.pointInTime.restoreTime %s is outside the restorable window of table"
                      + " %s: from %s to about 5 minutes ago (schedule %s, status.recovery); pick"
                      + " a time inside it or useLatestRestorableTime: true")
                  .formatted(
                      StatusTimes.format(time),
                      source,
                      recovery.getEarliestRestorableTime(),
                      point.schedule())));
    }
    return Optional.empty();
  }
}
