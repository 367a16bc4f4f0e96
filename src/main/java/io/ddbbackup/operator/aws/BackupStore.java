package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.Backup;
import java.time.Instant;
import java.util.List;

/**
 * The operator's only door to DynamoDB. Implementations own the SDK, credentials, paging, retries
 * and rate limits; callers see our records and {@link BackupStoreException}s.
 */
public interface BackupStore {

  /** The four DynamoDB calls behind this port; rate limits and test fakes count them apart. */
  enum Operation {
    CREATE("CreateBackup"),
    DESCRIBE("DescribeBackup"),
    LIST("ListBackups"),
    DELETE("DeleteBackup");

    private final String awsName;

    Operation(String awsName) {
      this.awsName = awsName;
    }

    /** The DynamoDB API name, e.g. {@code CreateBackup}. */
    public String awsName() {
      return awsName;
    }
  }

  /** CreateBackup. The returned backup is usually CREATING. */
  Backup create(TableTarget target, String backupName);

  /** DescribeBackup. Throws BACKUP_NOT_FOUND when the ARN is unknown. */
  Backup describe(TableTarget target, String backupArn);

  /**
   * ListBackups for the table's USER backups created in {@code [from, to]}, following every page
   * (ExclusiveStartBackupArn / LastEvaluatedBackupArn) and returning them oldest first. Either
   * bound may be null for an open range.
   */
  List<Backup> list(TableTarget target, Instant from, Instant to);

  /** DeleteBackup. Throws BACKUP_IN_USE or BACKUP_NOT_FOUND as DynamoDB does. */
  void delete(TableTarget target, String backupArn);
}
