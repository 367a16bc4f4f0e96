package io.ddbbackup.operator.restore;

import java.time.Instant;

/**
 * One import into a new table, as DescribeImport reports it.
 *
 * @param importArn the import's ARN ({@code arn:aws:dynamodb:…:table/<t>/import/<id>})
 * @param status IN_PROGRESS, COMPLETED, CANCELLING, CANCELLED or FAILED, as DynamoDB says it
 * @param tableArn the table the import creates
 * @param clientToken the ClientToken it was started with, null when it had none
 * @param importedItemCount the items imported so far
 * @param errorCount the lines that could not be imported
 * @param failureCode FailureCode when it failed, else null
 * @param failureMessage FailureMessage when it failed, else null
 * @param startTime when it started
 * @param endTime when it ended, null while it runs
 */
public record TableImport(
    String importArn,
    String status,
    String tableArn,
    String clientToken,
    long importedItemCount,
    long errorCount,
    String failureCode,
    String failureMessage,
    Instant startTime,
    Instant endTime) {

  public boolean completed() {
    return "COMPLETED".equals(status);
  }

  /** FAILED, CANCELLING or CANCELLED: it will never complete. */
  public boolean ended() {
    return "FAILED".equals(status) || "CANCELLING".equals(status) || "CANCELLED".equals(status);
  }
}
