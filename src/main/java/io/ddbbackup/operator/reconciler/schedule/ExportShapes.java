package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.Table;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A described table as the record beside an export keeps it ({@link TableShape}). */
final class ExportShapes {

  private ExportShapes() {}

  /**
   * The shape of {@code table}: key schema, the declared types of the key attributes of the table
   * and its indexes, its indexes, and its billing. No TTL or stream: DescribeTable does not say the
   * first, and neither is needed to create the table again.
   */
  static TableShape of(Table table) {
    Map<String, String> types = new TreeMap<>(table.attributeTypes());
    return new TableShape(
        table.arn(),
        table.name(),
        table.keySchema().stream().map(ExportShapes::key).toList(),
        types.entrySet().stream()
            .map(e -> new TableShape.AttributeDefinition(e.getKey(), e.getValue()))
            .toList(),
        indexes(table.globalSecondaryIndexes()),
        indexes(table.localSecondaryIndexes()),
        table.billingMode(),
        table.provisioned() == null
            ? null
            : new TableShape.Throughput(
                table.provisioned().readCapacityUnits(), table.provisioned().writeCapacityUnits()),
        null,
        null);
  }

  private static TableShape.KeyElement key(Table.KeyElement k) {
    return new TableShape.KeyElement(k.attributeName(), k.keyType());
  }

  private static List<TableShape.Index> indexes(List<IndexDefinition> indexes) {
    return indexes.stream()
        .map(
            i ->
                new TableShape.Index(
                    i.name(),
                    i.keySchema().stream().map(ExportShapes::key).toList(),
                    i.projectionType(),
                    i.nonKeyAttributes(),
                    i.readCapacityUnits() == null
                        ? null
                        : new TableShape.Throughput(
                            i.readCapacityUnits(),
                            i.writeCapacityUnits() == null ? 0 : i.writeCapacityUnits())))
        .toList();
  }
}
