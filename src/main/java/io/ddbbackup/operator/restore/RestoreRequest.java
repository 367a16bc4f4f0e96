package io.ddbbackup.operator.restore;

import java.time.Instant;
import java.util.List;

/**
 * One restore call: from a backup (RestoreTableFromBackup) or from a table's point in time
 * (RestoreTableToPointInTime), into {@code targetTable}, with the overrides DynamoDB accepts.
 */
public record RestoreRequest(String targetTable, Source source, Overrides overrides) {

  /** What is restored. */
  public sealed interface Source permits FromBackup, ToPointInTime {}

  public record FromBackup(String backupArn) implements Source {}

  /**
   * @param sourceTable the table's name or ARN
   * @param restoreTime the point to restore to; null for the latest restorable time
   */
  public record ToPointInTime(String sourceTable, Instant restoreTime) implements Source {}

  /**
   * What the new table gets instead of the source's; a null field keeps the source's.
   *
   * @param billingMode PAY_PER_REQUEST or PROVISIONED
   * @param sseType AES256 or KMS, with {@code kmsMasterKeyId} for KMS
   * @param globalSecondaryIndexes the indexes to restore; null: all of them
   * @param localSecondaryIndexes likewise
   */
  public record Overrides(
      String billingMode,
      Long readCapacityUnits,
      Long writeCapacityUnits,
      Boolean sseEnabled,
      String sseType,
      String kmsMasterKeyId,
      List<IndexDefinition> globalSecondaryIndexes,
      List<IndexDefinition> localSecondaryIndexes) {

    /** Everything as the source has it. */
    public static final Overrides NONE =
        new Overrides(null, null, null, null, null, null, null, null);
  }
}
