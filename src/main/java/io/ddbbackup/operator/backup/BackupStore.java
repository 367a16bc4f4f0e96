package io.ddbbackup.operator.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's only door to DynamoDB's backups (a port: the reconcilers depend on it, the {@code
 * aws} package implements it). Implementations own the SDK and credentials; callers see our records
 * and {@link BackupStoreException}s. Rate limits and metrics are decorators around it.
 *
 * <p>ListBackups is one call per page, and every page spends a permit of DynamoDB's 5/s quota, so a
 * page is the unit an implementation offers ({@link #listPage}) and decorators see; the paging loop
 * is written once, here.
 */
public interface BackupStore extends AutoCloseable {

  /**
   * The DynamoDB calls behind the operator's ports (this one and restore.TableStore); rate limits,
   * metrics and test fakes count them apart.
   */
  enum Operation {
    CREATE("CreateBackup"),
    DESCRIBE("DescribeBackup"),
    LIST("ListBackups"),
    DELETE("DeleteBackup"),
    DESCRIBE_TABLE("DescribeTable"),
    RESTORE_FROM_BACKUP("RestoreTableFromBackup"),
    RESTORE_TO_POINT_IN_TIME("RestoreTableToPointInTime"),
    DELETE_TABLE("DeleteTable"),
    TAG_RESOURCE("TagResource"),
    LIST_TAGS("ListTagsOfResource"),
    SCAN("Scan"),
    GET_ITEM("GetItem"),
    DESCRIBE_CONTINUOUS_BACKUPS("DescribeContinuousBackups"),
    UPDATE_CONTINUOUS_BACKUPS("UpdateContinuousBackups"),
    EXPORT("ExportTableToPointInTime"),
    DESCRIBE_EXPORT("DescribeExport"),
    LIST_EXPORTS("ListExports"),
    // a restore from exports: the base full export imported into a new table
    IMPORT_TABLE("ImportTable"),
    DESCRIBE_IMPORT("DescribeImport"),
    LIST_IMPORTS("ListImports"),
    LIST_TABLES("ListTables"),
    // the Resource Groups Tagging API: a backup policy's discovery reads tags 100 tables a page
    GET_RESOURCES("GetResources"),
    // S3, on an export bucket: the record beside each export and the bucket's protections
    PUT_OBJECT("PutObject"),
    GET_OBJECT("GetObject"),
    LIST_OBJECTS("ListObjectsV2"),
    GET_BUCKET_VERSIONING("GetBucketVersioning"),
    GET_OBJECT_LOCK_CONFIGURATION("GetObjectLockConfiguration");

    private final String awsName;

    Operation(String awsName) {
      this.awsName = awsName;
    }

    /** The DynamoDB API name, e.g. {@code CreateBackup}. */
    public String awsName() {
      return awsName;
    }
  }

  /**
   * One page of ListBackups.
   *
   * @param backups the page's backups, in DynamoDB's order
   * @param lastEvaluatedBackupArn where the next page starts, or null on the last page
   */
  record Page(List<Backup> backups, String lastEvaluatedBackupArn) {
    public Page {
      backups = List.copyOf(backups);
    }
  }

  /** CreateBackup, one attempt. The returned backup is usually CREATING. */
  Backup create(TableTarget target, String backupName);

  /** DescribeBackup. Throws BACKUP_NOT_FOUND when the ARN is unknown. */
  Backup describe(TableTarget target, String backupArn);

  /**
   * One ListBackups call: the table's USER backups created in {@code [from, toExclusive)} (either
   * bound null for an open range), starting after {@code exclusiveStartBackupArn} (null: the first
   * page). A target of {@link TableTarget#anyTable} lists the backups of every table of the account
   * and region.
   */
  Page listPage(
      TableTarget target, Instant from, Instant toExclusive, String exclusiveStartBackupArn);

  /** DeleteBackup. Throws BACKUP_IN_USE or BACKUP_NOT_FOUND as DynamoDB does. */
  void delete(TableTarget target, String backupArn);

  /**
   * The table's USER backups created in {@code [from, to]}, every page followed
   * (ExclusiveStartBackupArn / LastEvaluatedBackupArn), oldest first. Either bound may be null.
   */
  default List<Backup> list(TableTarget target, Instant from, Instant to) {
    // DynamoDB's TimeRangeUpperBound is exclusive and this range is closed: ask for one second
    // more and cut exactly here
    Instant upper = to == null ? null : to.plusSeconds(1);
    List<Backup> backups = new ArrayList<>();
    String start = null;
    do {
      Page page = listPage(target, from, upper, start);
      backups.addAll(page.backups());
      String next = page.lastEvaluatedBackupArn();
      if (next != null && next.equals(start)) {
        throw new BackupStoreException(
            BackupStoreException.Failure.UNAVAILABLE,
            null,
            "ListBackups returned the same page marker twice",
            null);
      }
      start = next;
    } while (start != null);
    return backups.stream()
        .filter(b -> from == null || !b.createdAt().isBefore(from))
        .filter(b -> to == null || !b.createdAt().isAfter(to))
        .sorted(Comparator.comparing(Backup::createdAt))
        .toList();
  }

  /** Releases connections and credentials; nothing by default. */
  @Override
  default void close() {}
}
