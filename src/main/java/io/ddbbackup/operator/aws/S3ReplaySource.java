package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.replay.ReplayFailure;
import io.ddbbackup.operator.replay.ReplaySource;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** The export's objects through S3 GetObject, checked against the bucket's owner when given. */
final class S3ReplaySource implements ReplaySource {

  private final S3Clients clients;
  private final S3Client s3;
  private final String bucket;
  private final String bucketOwner;

  S3ReplaySource(S3Clients clients, S3Client s3, String bucket, String bucketOwner) {
    this.clients = clients;
    this.s3 = s3;
    this.bucket = bucket;
    this.bucketOwner = bucketOwner;
  }

  @Override
  public Optional<byte[]> object(String key) {
    try {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).expectedBucketOwner(bucketOwner))
              .asByteArray());
    } catch (SdkException e) {
      if (ReplayFailures.isCode(e, "NoSuchKey")) {
        return Optional.empty();
      }
      if (ReplayFailures.isCode(e, "NoSuchBucket")) {
        throw new ReplayFailure(
            ReplayFailure.Kind.REFUSED,
            "the bucket " + bucket + " does not exist (or not where its region says): --bucket");
      }
      throw ReplayFailures.of("GetObject", "s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public void close() {
    clients.close();
  }
}
