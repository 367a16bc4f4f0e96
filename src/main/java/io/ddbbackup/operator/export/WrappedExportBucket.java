package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.TableTarget;

/** An {@link ExportBucket} whose every S3 call goes through a {@link CallWrapper}. */
public final class WrappedExportBucket implements ExportBucket {

  private final ExportBucket delegate;
  private final CallWrapper wrapper;

  public WrappedExportBucket(ExportBucket delegate, CallWrapper wrapper) {
    this.delegate = delegate;
    this.wrapper = wrapper;
  }

  @Override
  public void writeRecord(TableTarget as, ExportDestination destination, ExportRecord record) {
    wrapper.around(
        Operation.PUT_OBJECT,
        as,
        () -> {
          delegate.writeRecord(as, destination, record);
          return null;
        });
  }

  @Override
  public ChainPage listChain(TableTarget as, ChainLocation location, String continuationToken) {
    return wrapper.around(
        Operation.LIST_OBJECTS, as, () -> delegate.listChain(as, location, continuationToken));
  }

  @Override
  public ExportRecord readRecord(TableTarget as, ChainLocation location, String key) {
    return wrapper.around(Operation.GET_OBJECT, as, () -> delegate.readRecord(as, location, key));
  }

  @Override
  public BucketProtections.Versioning versioning(
      TableTarget as, String bucket, String bucketOwner) {
    return wrapper.around(
        Operation.GET_BUCKET_VERSIONING, as, () -> delegate.versioning(as, bucket, bucketOwner));
  }

  @Override
  public BucketProtections.ObjectLock objectLock(
      TableTarget as, String bucket, String bucketOwner) {
    return wrapper.around(
        Operation.GET_OBJECT_LOCK_CONFIGURATION,
        as,
        () -> delegate.objectLock(as, bucket, bucketOwner));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
