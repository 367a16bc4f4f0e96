package io.ddbbackup.operator.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * One DynamoDB backup as the operator sees it: what ListBackups/DescribeBackup/CreateBackup tell
 * us, reduced to what scheduling and retention need.
 *
 * @param arn the backup ARN, the only unique key (DynamoDB does not require unique names)
 * @param name the backup name
 * @param tableName the name of the table it belongs to
 * @param createdAt BackupCreationDateTime
 * @param status CREATING, AVAILABLE or DELETED
 * @param type USER, SYSTEM or AWS_BACKUP
 * @param sizeBytes BackupSizeBytes, or -1 when DynamoDB has not reported it yet
 */
public record Backup(
    String arn,
    String name,
    String tableName,
    Instant createdAt,
    BackupStatus status,
    BackupType type,
    long sizeBytes) {

  public Backup {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(type, "type");
  }

  public boolean isAvailable() {
    return status == BackupStatus.AVAILABLE;
  }

  public Backup withStatus(BackupStatus newStatus) {
    return new Backup(arn, name, tableName, createdAt, newStatus, type, sizeBytes);
  }
}
