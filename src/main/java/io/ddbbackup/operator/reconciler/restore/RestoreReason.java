package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.RestoreReasons;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.ConditionReason;
import java.util.Map;

/** The reasons of a restore's Ready condition. */
enum RestoreReason implements ConditionReason {
  RESTORING("Restoring", true),
  REPLAYING("Replaying", true),
  COMPLETED("Completed", true),
  INVALID_SPEC(RestoreReasons.INVALID_SPEC, false),
  SOURCE_NOT_FOUND(RestoreReasons.SOURCE_NOT_FOUND, false),
  TARGET_EXISTS(RestoreReasons.TARGET_EXISTS, false),
  ACCESS_DENIED("AccessDenied", false),
  THROTTLED("Throttled", false),
  RESTORE_FAILED("RestoreFailed", false),
  REPLAY_FAILED("ReplayFailed", false),
  NOT_PERMITTED(RestoreReasons.NOT_PERMITTED, false);

  private final Label label;

  RestoreReason(String reason, boolean ready) {
    this.label = new Label(reason, ready);
  }

  @Override
  public Label label() {
    return label;
  }

  static RestoreReason of(Failure failure) {
    return ConditionReason.ofFailure(
        failure,
        Map.of(
            Failure.BACKUP_NOT_FOUND, SOURCE_NOT_FOUND,
            Failure.TABLE_NOT_FOUND, SOURCE_NOT_FOUND,
            Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE, SOURCE_NOT_FOUND,
            Failure.TABLE_ALREADY_EXISTS, TARGET_EXISTS,
            Failure.BUCKET_NOT_FOUND, SOURCE_NOT_FOUND,
            Failure.OBJECT_NOT_FOUND, SOURCE_NOT_FOUND),
        ACCESS_DENIED,
        THROTTLED,
        RESTORE_FAILED);
  }
}
