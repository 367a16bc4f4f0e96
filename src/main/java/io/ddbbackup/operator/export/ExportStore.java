package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.List;

/**
 * The operator's door to DynamoDB's exports (a port: the reconcilers depend on it, the {@code aws}
 * package implements it). Failures are {@link BackupStoreException}s; every call goes through the
 * same rate limits and metrics as the other calls ({@link WrappedExportStore}).
 */
public interface ExportStore extends AutoCloseable {

  /**
   * ExportTableToPointInTime. With the same client token within 8 hours DynamoDB answers with the
   * export that token started instead of starting another; the same token with other parameters is
   * refused (EXPORT_CONFLICT). Throws POINT_IN_TIME_RECOVERY_UNAVAILABLE, INVALID_EXPORT_TIME (the
   * window is not inside the PITR window), LIMIT_EXCEEDED (300 exports in flight per account and
   * region).
   */
  Export start(TableTarget target, ExportRequest request);

  /** DescribeExport. Throws EXPORT_NOT_FOUND. */
  Export describe(TableTarget target, String exportArn);

  /**
   * One page of ListExports of a table (up to 25 exports of the last 90 days, newest first per
   * DynamoDB): each a summary, its window unknown ({@link Export#window()} null) until described.
   *
   * @param nextToken null for the first page
   */
  Page listPage(TableTarget target, String tableArn, String nextToken);

  /** One ListExports page; {@code nextToken} null on the last. */
  record Page(List<Export> exports, String nextToken) {
    public Page {
      exports = List.copyOf(exports);
    }
  }

  @Override
  default void close() {}
}
