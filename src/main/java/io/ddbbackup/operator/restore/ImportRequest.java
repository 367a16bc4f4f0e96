package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.export.TableShape;
import java.util.Objects;

/**
 * One ImportTable call: the data files of a full export (DynamoDB JSON, gzip) into a new table made
 * with the shape recorded beside the export.
 *
 * @param clientToken the idempotency token: the same token and parameters within 8 hours answer
 *     with the same import, never a second one
 * @param targetTable the new table's name
 * @param bucket the export's bucket
 * @param bucketOwner the bucket's account when it is not the caller's, else null
 * @param keyPrefix the export's data folder ({@code <prefix>/AWSDynamoDB/<export id>/data/})
 * @param shape the key schema, attribute definitions, indexes and billing to create it with (its
 *     name and ARN are the source's and are not used)
 * @param overrides billing and encryption the new table gets instead of the recorded ones; {@link
 *     RestoreRequest.Overrides#NONE} keeps them
 */
public record ImportRequest(
    String clientToken,
    String targetTable,
    String bucket,
    String bucketOwner,
    String keyPrefix,
    TableShape shape,
    RestoreRequest.Overrides overrides) {

  public ImportRequest {
    Objects.requireNonNull(clientToken, "clientToken");
    Objects.requireNonNull(targetTable, "targetTable");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(shape, "shape");
    overrides = overrides == null ? RestoreRequest.Overrides.NONE : overrides;
  }
}
