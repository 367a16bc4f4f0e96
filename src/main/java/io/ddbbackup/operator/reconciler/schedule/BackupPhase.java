package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStatus;

/** Where the backup a schedule last started stands. */
enum BackupPhase {
  /**
   * Its slot and name are written to status and CreateBackup is under way, or was when the process
   * died: whether the backup exists is unknown until its name is looked up.
   */
  RECORDED,
  /** CreateBackup answered; DynamoDB is still making it. */
  CREATING,
  AVAILABLE,
  /** It failed, disappeared while creating, or its slot was given up. */
  FAILED,
  /** DynamoDB reports it deleted. */
  DELETED;

  static BackupPhase of(BackupStatus status) {
    return switch (status) {
      case CREATING -> CREATING;
      case AVAILABLE -> AVAILABLE;
      case DELETED -> DELETED;
      case FAILED -> FAILED;
    };
  }

  /**
   * As {@code status.lastBackupStatus} says it. A recorded slot says CREATING without an ARN, so
   * the slot record written before CreateBackup can stand until the outcome.
   */
  String statusText() {
    return this == RECORDED ? CREATING.name() : name();
  }

  /** Read back from {@code status.lastBackupStatus} and whether an ARN is recorded. */
  static BackupPhase of(String statusText, boolean hasArn) {
    if (!hasArn) {
      return FAILED.name().equals(statusText) ? FAILED : RECORDED;
    }
    for (BackupPhase phase : values()) {
      if (phase != RECORDED && phase.name().equals(statusText)) {
        return phase;
      }
    }
    // hand-edited or unknown: settled, so nothing waits on it
    return FAILED;
  }
}
