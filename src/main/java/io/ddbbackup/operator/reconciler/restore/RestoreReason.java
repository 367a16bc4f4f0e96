package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;

/** The reasons of a restore's Ready condition. */
enum RestoreReason {
  RESTORING("Restoring", true),
  COMPLETED("Completed", true),
  INVALID_SPEC("InvalidSpec", false),
  SOURCE_NOT_FOUND("SourceNotFound", false),
  TARGET_EXISTS("TargetExists", false),
  ACCESS_DENIED("AccessDenied", false),
  THROTTLED("Throttled", false),
  RESTORE_FAILED("RestoreFailed", false),
  NOT_PERMITTED("NotPermitted", false);

  final String reason;
  final boolean ready;

  RestoreReason(String reason, boolean ready) {
    this.reason = reason;
    this.ready = ready;
  }

  static RestoreReason of(Failure failure) {
    return switch (failure) {
      case ACCESS_DENIED -> ACCESS_DENIED;
      case THROTTLED, LIMIT_EXCEEDED -> THROTTLED;
      case BACKUP_NOT_FOUND, TABLE_NOT_FOUND, POINT_IN_TIME_RECOVERY_UNAVAILABLE ->
          SOURCE_NOT_FOUND;
      case TABLE_ALREADY_EXISTS -> TARGET_EXISTS;
      default -> RESTORE_FAILED;
    };
  }
}
