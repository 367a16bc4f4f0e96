package io.ddbbackup.operator.export;

import java.util.Objects;

/**
 * Where a chain's records are: a bucket, the account that owns it when that is another account's,
 * and the prefix the exports were written under. A restore after losing the cluster knows no more.
 */
public record ChainLocation(String bucket, String bucketOwner, String prefix) {

  public ChainLocation {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
  }

  public static ChainLocation of(ExportDestination destination) {
    return new ChainLocation(destination.bucket(), destination.bucketOwner(), destination.prefix());
  }
}
