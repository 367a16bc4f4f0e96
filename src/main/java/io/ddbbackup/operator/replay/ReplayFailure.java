package io.ddbbackup.operator.replay;

/**
 * Why a replay stopped, as the command's exit code says it: worth running again ({@link
 * #exitCode()} 1) or refused for good (2), with a message that names the table, the file or the
 * option and what to do. Never carries a credential or a signed URL.
 */
public final class ReplayFailure extends RuntimeException {

  /** What went wrong, and so whether a retry of the pod can help. */
  public enum Kind {
    /** The table throttled the writes (ProvisionedThroughputExceeded, Throttling). Retried. */
    THROTTLED(1),
    /** 5xx, a timeout, a broken connection: S3 or DynamoDB unavailable. Retried. */
    UNAVAILABLE(1),
    /** A data file does not match its md5Checksum or itemCount, or a line is not a change. */
    BAD_DATA(1),
    /** The table is not ACTIVE (still being imported or updated), or AWS refused us for now. */
    NOT_READY(1),
    /** Bad arguments, a table that is not the restore's, a missing manifest: never retried. */
    REFUSED(2);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }

    /** Throttling and unavailability pass by themselves: the write is tried again. */
    public boolean retriedInPlace() {
      return this == THROTTLED || this == UNAVAILABLE;
    }
  }

  private final Kind kind;

  public ReplayFailure(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public int exitCode() {
    return kind.exitCode();
  }
}
