package io.ddbbackup.operator.export;

import java.time.Instant;

/**
 * An export as DynamoDB describes it.
 *
 * @param arn {@code arn:aws:dynamodb:<region>:<account>:table/<table>/export/<id>}
 * @param state IN_PROGRESS, COMPLETED or FAILED
 * @param window what it covers, rebuilt from its type and times; null when DynamoDB's answer does
 *     not say (a summary, or an answer without times)
 * @param clientToken the token it was started with, or null
 * @param itemCount the items exported (a full export: the table's items; an incremental one: the
 *     changes), once completed; else null
 * @param billedBytes the bytes billed, once completed; else null
 * @param manifest the key of {@code manifest-summary.json}, once completed; else null
 * @param failureCode DynamoDB's failure code when FAILED (e.g. {@code S3NoSuchBucket}), else null
 * @param failureMessage DynamoDB's message when FAILED, else null
 * @param startTime when DynamoDB started it, or null
 * @param endTime when it completed or failed, or null
 */
public record Export(
    String arn,
    State state,
    ExportWindow window,
    String clientToken,
    Long itemCount,
    Long billedBytes,
    String manifest,
    String failureCode,
    String failureMessage,
    Instant startTime,
    Instant endTime) {

  /** ExportStatus. */
  public enum State {
    IN_PROGRESS,
    COMPLETED,
    FAILED
  }

  public boolean done() {
    return state != State.IN_PROGRESS;
  }
}
