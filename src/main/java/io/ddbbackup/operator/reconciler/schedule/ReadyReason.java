package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.ConditionReason;
import java.util.Map;

/** The reasons of the Ready condition (SPEC §1). */
enum ReadyReason implements ConditionReason {
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

  private final Label label;

  ReadyReason(String reason, boolean ready) {
    this.label = new Label(reason, ready);
  }

  @Override
  public Label label() {
    return label;
  }

  static ReadyReason of(Failure failure) {
    return ConditionReason.ofFailure(
        failure,
        Map.of(Failure.TABLE_NOT_FOUND, TABLE_NOT_FOUND),
        ACCESS_DENIED,
        THROTTLED,
        BACKUP_FAILED);
  }
}
