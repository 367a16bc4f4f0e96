package io.ddbbackup.operator.restore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A table as DescribeTable reports it, reduced to what restores and restore drills need.
 *
 * @param status CREATING, ACTIVE, UPDATING, DELETING, … as DynamoDB says it
 * @param restore where the table was restored from; null for a table that was created
 * @param itemCount ItemCount, which DynamoDB refreshes about every six hours
 * @param sizeBytes TableSizeBytes, refreshed likewise
 * @param keySchema the primary key, partition key first
 * @param globalSecondaryIndexes its global secondary indexes
 * @param localSecondaryIndexes its local secondary indexes
 * @param attributeTypes the declared type (S, N or B) of each key attribute
 * @param billingMode PROVISIONED or PAY_PER_REQUEST; null when not known
 * @param provisioned the table's own capacity when PROVISIONED, else null
 */
public record Table(
    String name,
    String arn,
    String status,
    Instant createdAt,
    RestoreSummary restore,
    long itemCount,
    long sizeBytes,
    List<KeyElement> keySchema,
    List<IndexDefinition> globalSecondaryIndexes,
    List<IndexDefinition> localSecondaryIndexes,
    Map<String, String> attributeTypes,
    String billingMode,
    Capacity provisioned) {

  /** A table whose billing DescribeTable's caller did not keep. */
  public Table(
      String name,
      String arn,
      String status,
      Instant createdAt,
      RestoreSummary restore,
      long itemCount,
      long sizeBytes,
      List<KeyElement> keySchema,
      List<IndexDefinition> globalSecondaryIndexes,
      List<IndexDefinition> localSecondaryIndexes,
      Map<String, String> attributeTypes) {
    this(
        name,
        arn,
        status,
        createdAt,
        restore,
        itemCount,
        sizeBytes,
        keySchema,
        globalSecondaryIndexes,
        localSecondaryIndexes,
        attributeTypes,
        null,
        null);
  }

  public Table {
    attributeTypes = attributeTypes == null ? Map.of() : Map.copyOf(attributeTypes);
    keySchema = keySchema == null ? List.of() : List.copyOf(keySchema);
    globalSecondaryIndexes =
        globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
    localSecondaryIndexes =
        localSecondaryIndexes == null ? List.of() : List.copyOf(localSecondaryIndexes);
  }

  /** The names of its global secondary indexes. */
  public List<String> globalIndexNames() {
    return globalSecondaryIndexes.stream().map(IndexDefinition::name).toList();
  }

  /** The names of its local secondary indexes. */
  public List<String> localIndexNames() {
    return localSecondaryIndexes.stream().map(IndexDefinition::name).toList();
  }

  /** ACTIVE, and no restore into it still running. */
  public boolean isReady() {
    return "ACTIVE".equals(status) && (restore == null || !restore.inProgress());
  }

  /**
   * DescribeTable's RestoreSummary.
   *
   * @param sourceBackupArn the backup restored, for RestoreTableFromBackup
   * @param sourceTableArn the table the backup was taken of, or the table restored to a point
   * @param restoredTo RestoreDateTime: the point in time restored to
   */
  public record RestoreSummary(
      String sourceBackupArn, String sourceTableArn, Instant restoredTo, boolean inProgress) {}

  /** One attribute of a primary key. */
  public record KeyElement(String attributeName, String keyType) {}

  /** Provisioned read and write capacity units. */
  public record Capacity(long readCapacityUnits, long writeCapacityUnits) {}
}
