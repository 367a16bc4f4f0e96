package io.ddbbackup.operator.backup;

import java.time.Duration;

/** An AWS failure turned into something the reconciler can act on. Never carries credentials. */
public class BackupStoreException extends RuntimeException {

  /** The domain meaning of an AWS error code. */
  public enum Failure {
    /** TableNotFoundException / ResourceNotFoundException for the table. */
    TABLE_NOT_FOUND(false),
    /** AccessDeniedException, UnrecognizedClientException, STS denials, expired tokens. */
    ACCESS_DENIED(false),
    /** ThrottlingException, ProvisionedThroughputExceededException, RequestLimitExceeded. */
    THROTTLED(true),
    /** LimitExceededException: too many concurrent control-plane operations. */
    LIMIT_EXCEEDED(true),
    /** BackupInUseException: a create/delete/restore of this backup is under way. */
    BACKUP_IN_USE(true),
    /** BackupNotFoundException. */
    BACKUP_NOT_FOUND(false),
    /** TableAlreadyExistsException: a restore's target table exists. */
    TABLE_ALREADY_EXISTS(false),
    /** TableInUseException: another control-plane operation on the table is under way. */
    TABLE_IN_USE(true),
    /** InvalidRestoreTimeException: the point in time is outside the restorable window. */
    INVALID_RESTORE_TIME(false),
    /** PointInTimeRecoveryUnavailableException: the source table's PITR is not enabled. */
    POINT_IN_TIME_RECOVERY_UNAVAILABLE(false),
    /** InvalidExportTimeException: an export's time or window is outside the PITR window. */
    INVALID_EXPORT_TIME(false),
    /** ExportConflictException: an export's client token was used with other parameters. */
    EXPORT_CONFLICT(false),
    /** ExportNotFoundException. */
    EXPORT_NOT_FOUND(false),
    /** NoSuchBucket: an export's S3 bucket does not exist (or not where it was looked for). */
    BUCKET_NOT_FOUND(false),
    /** NoSuchKey: an object of the export bucket is not there (a record listed, then gone). */
    OBJECT_NOT_FOUND(false),
    /**
     * Not an AWS answer: an export's record in the bucket could not be read (not JSON, a field
     * missing, or written in a newer format than this operator reads).
     */
    RECORD_UNREADABLE(false),
    /** ImportConflictException, or a ClientToken of ImportTable used with other parameters. */
    IMPORT_CONFLICT(false),
    /** ImportNotFoundException. */
    IMPORT_NOT_FOUND(false),
    /** ContinuousBackupsUnavailableException: backups are being enabled for the table. */
    CONTINUOUS_BACKUPS_UNAVAILABLE(true),
    /** ValidationException and other 4xx the request itself caused. */
    INVALID_REQUEST(false),
    /** 5xx, timeouts and connection errors still failing after the SDK's retries. */
    UNAVAILABLE(true),
    /**
     * Not an AWS answer: our own client-side quota queue for this call is longer than a reconcile
     * should wait, so the call was not made; {@link #retryAfter()} says when to come back.
     */
    QUEUED(true),
    /**
     * Not an AWS answer: a write not made because this process no longer leads ({@link
     * Leadership}); the replica that holds the Lease now makes it.
     */
    NOT_LEADER(true);

    private final boolean transientFailure;

    Failure(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** True when the same call may succeed later without anyone changing anything. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Failure failure;
  private final String awsErrorCode;
  private final Duration retryAfter;

  public BackupStoreException(
      Failure failure, String awsErrorCode, String message, Throwable cause) {
    this(failure, awsErrorCode, message, cause, null);
  }

  private BackupStoreException(
      Failure failure, String awsErrorCode, String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    this.failure = failure;
    this.awsErrorCode = awsErrorCode;
    this.retryAfter = retryAfter;
  }

  /** A call not made because its client-side quota queue is busy; come back after {@code after}. */
  public static BackupStoreException queued(String operation, Duration after) {
    return new BackupStoreException(
        Failure.QUEUED,
        null,
        "%s not called: the client-side rate limit queue is busy for %d ms"
            .formatted(operation, after.toMillis()),
        null,
        after);
  }

  /** For {@link Failure#QUEUED}: when a permit is expected to be free. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public Failure failure() {
    return failure;
  }

  /** The AWS error code, e.g. {@code TableNotFoundException}, or null when there was none. */
  public String awsErrorCode() {
    return awsErrorCode;
  }
}
