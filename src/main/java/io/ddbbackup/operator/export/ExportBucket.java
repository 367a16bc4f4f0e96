package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's door to the export bucket (a port: the {@code aws} package implements it with S3).
 * Each method but the defaults is one S3 call, so that each is rate-limited and counted ({@link
 * WrappedExportBucket}). {@code as} says as whom and from which region the bucket is reached: the
 * identity that exports the table (spec.roleArn, else the operator's own) and its region; S3
 * follows a bucket in another region itself. Failures are {@link BackupStoreException}s:
 * BUCKET_NOT_FOUND, ACCESS_DENIED, THROTTLED, UNAVAILABLE…
 */
public interface ExportBucket extends AutoCloseable {

  /**
   * PutObject of {@code record} at {@link ExportRecord#key()}, encrypted as the destination says,
   * with ExpectedBucketOwner when the bucket is another account's. Writing the same record again
   * writes the same bytes to the same key, so a repeat after a crash or a lost answer is harmless.
   */
  void writeRecord(TableTarget as, ExportDestination destination, ExportRecord record);

  /** One ListObjectsV2 page of the chain's folder: record keys in S3's (byte) order. */
  ChainPage listChain(TableTarget as, ChainLocation location, String continuationToken);

  /** GetObject of one record. Throws OBJECT_NOT_FOUND, RECORD_UNREADABLE. */
  ExportRecord readRecord(TableTarget as, ChainLocation location, String key);

  /** GetBucketVersioning. */
  BucketProtections.Versioning versioning(TableTarget as, String bucket, String bucketOwner);

  /** GetObjectLockConfiguration; {@link BucketProtections.ObjectLock#NONE} when there is none. */
  BucketProtections.ObjectLock objectLock(TableTarget as, String bucket, String bucketOwner);

  /** One page of record keys, and where the next starts (null on the last page). */
  record ChainPage(List<String> keys, String continuationToken) {
    public ChainPage {
      keys = List.copyOf(keys);
    }
  }

  /**
   * Every record of the chain at {@code location}, oldest first ({@link ExportRecord#CHAIN_ORDER},
   * which is S3's order of their keys): what a restore reads, with no cluster needed.
   */
  default List<ExportRecord> readChain(TableTarget as, ChainLocation location) {
    List<ExportRecord> records = new ArrayList<>();
    String token = null;
    do {
      ChainPage page = listChain(as, location, token);
      for (String key : page.keys()) {
        records.add(readRecord(as, location, key));
      }
      if (page.continuationToken() != null && page.continuationToken().equals(token)) {
        throw new BackupStoreException(
            BackupStoreException.Failure.UNAVAILABLE,
            null,
            "ListObjectsV2 of " + location.bucket() + " returned the same page marker twice",
            null);
      }
      token = page.continuationToken();
    } while (token != null);
    return records;
  }

  /** The protections in force on the destination's bucket: two calls. */
  default BucketProtections protections(TableTarget as, ExportDestination destination) {
    String bucket = destination.bucket();
    String owner = destination.bucketOwner();
    return new BucketProtections(
        bucket, owner, versioning(as, bucket, owner), objectLock(as, bucket, owner));
  }

  @Override
  default void close() {}
}
