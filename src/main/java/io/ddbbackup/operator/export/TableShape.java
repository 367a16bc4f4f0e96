package io.ddbbackup.operator.export;

import java.util.List;
import java.util.Objects;

/**
 * What a restore needs to create the table again from an export alone, as DescribeTable (and
 * DescribeTimeToLive) reported it when the export was recorded. Words are DynamoDB's own ({@code
 * HASH}, {@code S}, {@code PAY_PER_REQUEST}, {@code KEYS_ONLY}…), so they can be handed back to
 * CreateTable or ImportTable unchanged.
 *
 * @param arn the table's ARN
 * @param name the table's name
 * @param keySchema the primary key, partition key first
 * @param attributeDefinitions the declared type of every key attribute of the table and its indexes
 * @param globalSecondaryIndexes its global secondary indexes
 * @param localSecondaryIndexes its local secondary indexes
 * @param billingMode {@code PROVISIONED} or {@code PAY_PER_REQUEST}
 * @param provisionedThroughput the table's capacity when provisioned, else null
 * @param streamViewType the stream's view type when a stream is on, else null
 * @param timeToLiveAttribute the TTL attribute when TTL is on, else null (also when not known)
 */
public record TableShape(
    String arn,
    String name,
    List<KeyElement> keySchema,
    List<AttributeDefinition> attributeDefinitions,
    List<Index> globalSecondaryIndexes,
    List<Index> localSecondaryIndexes,
    String billingMode,
    Throughput provisionedThroughput,
    String streamViewType,
    String timeToLiveAttribute) {

  public TableShape {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(name, "name");
    keySchema = List.copyOf(keySchema);
    if (keySchema.isEmpty()) {
      throw new IllegalArgumentException("a table has a key schema");
    }
    attributeDefinitions = List.copyOf(attributeDefinitions);
    globalSecondaryIndexes =
        globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
    localSecondaryIndexes =
        localSecondaryIndexes == null ? List.of() : List.copyOf(localSecondaryIndexes);
  }

  /** The same shape without local secondary indexes (ImportTable cannot create them). */
  public TableShape withoutLocalIndexes() {
    return new TableShape(
        arn,
        name,
        keySchema,
        attributeDefinitions,
        globalSecondaryIndexes,
        List.of(),
        billingMode,
        provisionedThroughput,
        streamViewType,
        timeToLiveAttribute);
  }

  /** One attribute of a key: {@code HASH} or {@code RANGE}. */
  public record KeyElement(String attributeName, String keyType) {}

  /** A key attribute's type: {@code S}, {@code N} or {@code B}. */
  public record AttributeDefinition(String attributeName, String attributeType) {}

  /** Provisioned capacity units. */
  public record Throughput(long readCapacityUnits, long writeCapacityUnits) {}

  /**
   * A secondary index.
   *
   * @param projectionType {@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE}
   * @param nonKeyAttributes for {@code INCLUDE}, the attributes projected
   * @param provisionedThroughput a provisioned GSI's capacity, else null (on-demand, and any LSI)
   */
  public record Index(
      String indexName,
      List<KeyElement> keySchema,
      String projectionType,
      List<String> nonKeyAttributes,
      Throughput provisionedThroughput) {

    public Index {
      Objects.requireNonNull(indexName, "indexName");
      keySchema = List.copyOf(keySchema);
      nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }
  }
}
