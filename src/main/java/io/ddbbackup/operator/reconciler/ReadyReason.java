package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;

/** The reasons of the Ready condition (SPEC §1). */
enum ReadyReason {
  SCHEDULED("Scheduled", true),
  SUSPENDED("Suspended", true),
  BACKING_UP("BackingUp", true),
  INVALID_SPEC("InvalidSpec", false),
  TABLE_NOT_FOUND("TableNotFound", false),
  ACCESS_DENIED("AccessDenied", false),
  THROTTLED("Throttled", false),
  BACKUP_FAILED("BackupFailed", false),
  NOT_PERMITTED("NotPermitted", false),
  SHARED_PREFIX("SharedPrefix", false);

  final String reason;
  final boolean ready;

  ReadyReason(String reason, boolean ready) {
    this.reason = reason;
    this.ready = ready;
  }

  static ReadyReason of(Failure failure) {
    return switch (failure) {
      case TABLE_NOT_FOUND -> TABLE_NOT_FOUND;
      case ACCESS_DENIED -> ACCESS_DENIED;
      case THROTTLED, LIMIT_EXCEEDED -> THROTTLED;
      default -> BACKUP_FAILED;
    };
  }
}
