package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's door to DynamoDB's tables, for restores (a port: the reconcilers depend on it, the
 * {@code aws} package implements it). Failures are {@link BackupStoreException}s; every call goes
 * through the same rate limits and metrics as the backup calls ({@link WrappedTableStore}).
 */
public interface TableStore extends AutoCloseable {

  /** DescribeTable of {@code target.table()}; empty when no such table exists. */
  Optional<Table> describe(TableTarget target);

  /**
   * The region a call for {@code target} goes to: spec.region, else the table ARN's, else the
   * operator's default. No AWS call; throws INVALID_REQUEST, saying how to set one, when there is
   * none.
   */
  String regionOf(TableTarget target);

  /** DescribeBackup with its source table's details. Throws BACKUP_NOT_FOUND. */
  BackupDetails describeBackup(TableTarget target, String backupArn);

  /**
   * RestoreTableFromBackup or RestoreTableToPointInTime, one attempt (no idempotency token: after
   * an error the table may exist; look it up). Throws TABLE_ALREADY_EXISTS when the target exists.
   */
  Table restore(TableTarget target, RestoreRequest request);

  /** TagResource: adds {@code tags} to the table. */
  void tag(TableTarget target, String tableArn, Map<String, String> tags);

  /** ListTagsOfResource (eventually consistent: a tag just added may not show for seconds). */
  Map<String, String> tags(TableTarget target, String tableArn);

  /**
   * Scan with Select COUNT over the whole table, every page: the number of items. Reads the whole
   * table (about one read unit per 8 KB with eventually consistent reads).
   */
  long countItems(TableTarget target);

  /** GetItem of one primary key (consistent read): whether the item exists. */
  boolean hasItem(TableTarget target, Map<String, KeyValue> key);

  /** DescribeContinuousBackups of {@code target.table()}: its point-in-time recovery. */
  ContinuousBackups continuousBackups(TableTarget target);

  /**
   * UpdateContinuousBackups of {@code target.table()}: turns point-in-time recovery on (with the
   * recovery period, when not null) or off. Returns what DynamoDB reports after the change.
   */
  ContinuousBackups updateContinuousBackups(
      TableTarget target, boolean enabled, Integer recoveryPeriodInDays);

  /**
   * ImportTable, with the request's ClientToken: the same token answers with the same import for 8
   * hours. Throws TABLE_ALREADY_EXISTS (ResourceInUseException) when the target exists,
   * IMPORT_CONFLICT when the token was used with other parameters, INVALID_REQUEST (with no call
   * made) when the shape has local secondary indexes, which ImportTable cannot create.
   */
  TableImport importTable(TableTarget target, ImportRequest request);

  /** DescribeImport. Throws IMPORT_NOT_FOUND. */
  TableImport describeImport(TableTarget target, String importArn);

  /**
   * ListImports for {@code tableArn} (every page), each described: the imports that created it,
   * with their client tokens, so that an import whose answer was lost can be adopted.
   */
  List<TableImport> importsInto(TableTarget target, String tableArn);

  /** DeleteTable of {@code target.table()}. */
  void delete(TableTarget target);

  @Override
  default void close() {}
}
