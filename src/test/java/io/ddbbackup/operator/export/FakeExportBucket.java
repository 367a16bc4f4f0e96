package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An export bucket in memory, for the reconciler's tests: the records written, by bucket and key,
 * each write counted (a repeat of one key counts too), the buckets that exist, failures to inject.
 */
public final class FakeExportBucket implements ExportBucket {

  private final Map<String, TreeMap<String, ExportRecord>> buckets = new ConcurrentHashMap<>();
  private final Deque<Failure> writeFailures = new ArrayDeque<>();
  private final Set<String> missing = ConcurrentHashMap.newKeySet();
  private final Map<String, BucketProtections.ObjectLock> locks = new ConcurrentHashMap<>();
  private int protectionReads;
  private int writes;

  /** The bucket does not exist: every call about it fails with BUCKET_NOT_FOUND. */
  public synchronized FakeExportBucket withoutBucket(String bucket) {
    missing.add(bucket);
    return this;
  }

  /** The next {@code times} record writes fail with {@code failure}, writing nothing. */
  public synchronized void failNextWrites(Failure failure, int times) {
    for (int i = 0; i < times; i++) {
      writeFailures.add(failure);
    }
  }

  /** The bucket's Object Lock configuration (none unless set). */
  public synchronized FakeExportBucket lockWith(String bucket, BucketProtections.ObjectLock lock) {
    locks.put(bucket, lock);
    return this;
  }

  /** GetObjectLockConfiguration calls. */
  public synchronized int protectionReads() {
    return protectionReads;
  }

  /** Record writes succeed again. */
  public synchronized void healWrites() {
    writeFailures.clear();
  }

  /** The records in {@code bucket}, by key (S3's byte order). */
  public synchronized Map<String, ExportRecord> records(String bucket) {
    return new TreeMap<>(buckets.getOrDefault(bucket, new TreeMap<>()));
  }

  /** PutObject calls of records, repeats included. */
  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized void writeRecord(
      TableTarget as, ExportDestination destination, ExportRecord record) {
    writes++;
    requireBucket(destination.bucket());
    Failure failure = writeFailures.poll();
    if (failure != null) {
      throw new BackupStoreException(
          failure, null, "PutObject into " + destination.bucket() + " failed (fake)", null);
    }
    buckets.computeIfAbsent(destination.bucket(), b -> new TreeMap<>()).put(record.key(), record);
  }

  @Override
  public synchronized ChainPage listChain(
      TableTarget as, ChainLocation location, String continuationToken) {
    requireBucket(location.bucket());
    List<String> keys = new ArrayList<>();
    for (String key : buckets.getOrDefault(location.bucket(), new TreeMap<>()).keySet()) {
      if (ChainKeys.isRecordKey(location.prefix(), key)) {
        keys.add(key);
      }
    }
    return new ChainPage(keys, null);
  }

  @Override
  public synchronized ExportRecord readRecord(TableTarget as, ChainLocation location, String key) {
    requireBucket(location.bucket());
    ExportRecord r = buckets.getOrDefault(location.bucket(), new TreeMap<>()).get(key);
    if (r == null) {
      throw new BackupStoreException(Failure.OBJECT_NOT_FOUND, "NoSuchKey", key, null);
    }
    return r;
  }

  @Override
  public synchronized BucketProtections.Versioning versioning(
      TableTarget as, String bucket, String bucketOwner) {
    requireBucket(bucket);
    return BucketProtections.Versioning.ENABLED;
  }

  @Override
  public synchronized BucketProtections.ObjectLock objectLock(
      TableTarget as, String bucket, String bucketOwner) {
    requireBucket(bucket);
    protectionReads++;
    return locks.getOrDefault(bucket, BucketProtections.ObjectLock.NONE);
  }

  private void requireBucket(String bucket) {
    if (missing.contains(bucket)) {
      throw new BackupStoreException(
          Failure.BUCKET_NOT_FOUND, "NoSuchBucket", "bucket " + bucket + " does not exist", null);
    }
  }
}
