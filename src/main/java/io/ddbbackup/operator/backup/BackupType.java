package io.ddbbackup.operator.backup;

/**
 * DynamoDB's BackupType. Only USER backups can ever belong to a schedule: SYSTEM backups are made
 * by DynamoDB when a table is deleted, AWS_BACKUP ones by AWS Backup plans.
 */
public enum BackupType {
  USER,
  SYSTEM,
  AWS_BACKUP
}
