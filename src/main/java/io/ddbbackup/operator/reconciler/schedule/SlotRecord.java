package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.Backup;

/**
 * The backup a schedule last started, as its status records it.
 *
 * @param name its deterministic name, written before CreateBackup is called
 * @param arn its ARN once CreateBackup answered or the name was found; null before
 * @param phase where it stands
 */
record SlotRecord(String name, String arn, BackupPhase phase) {

  /** The record in a status, or null when the status names no backup. */
  static SlotRecord of(String name, String arn, String statusText) {
    return name == null ? null : new SlotRecord(name, arn, BackupPhase.of(statusText, arn != null));
  }

  /** A slot about to be backed up under {@code name}: recorded before CreateBackup is called. */
  static SlotRecord recorded(String name) {
    return new SlotRecord(name, null, BackupPhase.RECORDED);
  }

  /** The backup CreateBackup returned, or the one found under this name. */
  SlotRecord created(Backup backup) {
    return new SlotRecord(name, backup.arn(), BackupPhase.of(backup.status()));
  }

  SlotRecord withPhase(BackupPhase newPhase) {
    return new SlotRecord(name, arn, newPhase);
  }

  /** Not settled yet: CreateBackup is under way or DynamoDB is still making it. */
  boolean inFlight() {
    return phase == BackupPhase.RECORDED || phase == BackupPhase.CREATING;
  }
}
