package io.ddbbackup.operator.export;

import java.util.Objects;

/**
 * Where an export is written and how.
 *
 * @param bucket the S3 bucket
 * @param bucketOwner the account that owns the bucket when it is another account's, or null
 * @param prefix the key prefix; DynamoDB writes under {@code <prefix>/AWSDynamoDB/<export id>/}
 * @param sse {@link Sse#AES256} (SSE-S3) or {@link Sse#KMS}
 * @param kmsKeyId the KMS key for {@link Sse#KMS}, else null
 * @param format the data files' format
 */
public record ExportDestination(
    String bucket, String bucketOwner, String prefix, Sse sse, String kmsKeyId, Format format) {

  /** Server-side encryption of the exported objects (S3SseAlgorithm). */
  public enum Sse {
    AES256,
    KMS
  }

  /** The data files' format (ExportFormat). */
  public enum Format {
    DYNAMODB_JSON,
    ION
  }

  public ExportDestination {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(sse, "sse");
    Objects.requireNonNull(format, "format");
    if ((sse == Sse.KMS) != (kmsKeyId != null)) {
      throw new IllegalArgumentException("a KMS key id goes with KMS encryption, and only with it");
    }
  }
}
