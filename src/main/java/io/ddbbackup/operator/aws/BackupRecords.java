package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/** DynamoDB's backup shapes reduced to our {@link Backup} record. */
final class BackupRecords {

  private BackupRecords() {}

  static Backup fromDetails(BackupDetails d, String tableName) {
    return new Backup(
        d.backupArn(),
        d.backupName(),
        tableName,
        d.backupCreationDateTime(),
        status(d.backupStatusAsString()),
        type(d.backupTypeAsString()),
        d.backupSizeBytes() == null ? -1 : d.backupSizeBytes());
  }

  static Backup fromSummary(BackupSummary s) {
    return new Backup(
        s.backupArn(),
        s.backupName(),
        s.tableName(),
        s.backupCreationDateTime(),
        status(s.backupStatusAsString()),
        type(s.backupTypeAsString()),
        s.backupSizeBytes() == null ? -1 : s.backupSizeBytes());
  }

  /** A status this SDK does not know yet counts as CREATING, so nothing prunes around it. */
  private static BackupStatus status(String value) {
    if (value == null) {
      return BackupStatus.CREATING;
    }
    return switch (value) {
      case "AVAILABLE" -> BackupStatus.AVAILABLE;
      case "DELETED" -> BackupStatus.DELETED;
      default -> BackupStatus.CREATING;
    };
  }

  /** A type this SDK does not know yet counts as SYSTEM, so no schedule can ever own it. */
  private static BackupType type(String value) {
    if (value == null) {
      return BackupType.SYSTEM;
    }
    return switch (value) {
      case "USER" -> BackupType.USER;
      case "AWS_BACKUP" -> BackupType.AWS_BACKUP;
      default -> BackupType.SYSTEM;
    };
  }
}
