package io.ddbbackup.operator.restore;

import java.util.List;

/**
 * A secondary index as a backup records it, complete enough to be given back to DynamoDB as a
 * restore's index override.
 *
 * @param projectionType ALL, KEYS_ONLY or INCLUDE
 * @param nonKeyAttributes for INCLUDE: the attributes projected
 * @param readCapacityUnits provisioned read capacity, or null for on-demand (and for an LSI)
 * @param writeCapacityUnits provisioned write capacity, or null likewise
 */
public record IndexDefinition(
    String name,
    List<Table.KeyElement> keySchema,
    String projectionType,
    List<String> nonKeyAttributes,
    Long readCapacityUnits,
    Long writeCapacityUnits) {

  public IndexDefinition {
    keySchema = List.copyOf(keySchema);
    nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
  }
}
