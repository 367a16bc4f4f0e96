package io.ddbbackup.operator.backup;

/** DynamoDB's BackupStatus values, plus FAILED for a backup DynamoDB dropped while creating. */
public enum BackupStatus {
  CREATING,
  AVAILABLE,
  DELETED,
  FAILED
}
