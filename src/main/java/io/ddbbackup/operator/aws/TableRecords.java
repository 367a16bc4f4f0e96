package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.Table;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.RestoreSummary;
import software.amazon.awssdk.services.dynamodb.model.SourceTableDetails;
import software.amazon.awssdk.services.dynamodb.model.SourceTableFeatureDetails;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** DynamoDB's table and backup descriptions reduced to the restore package's records. */
final class TableRecords {

  private TableRecords() {}

  static Table table(TableDescription d) {
    RestoreSummary r = d.restoreSummary();
    return new Table(
        d.tableName(),
        d.tableArn(),
        d.tableStatusAsString(),
        d.creationDateTime(),
        r == null
            ? null
            : new Table.RestoreSummary(
                r.sourceBackupArn(),
                r.sourceTableArn(),
                r.restoreDateTime(),
                Boolean.TRUE.equals(r.restoreInProgress())),
        d.itemCount() == null ? 0 : d.itemCount(),
        d.tableSizeBytes() == null ? 0 : d.tableSizeBytes(),
        keys(d.keySchema()),
        d.globalSecondaryIndexes().stream()
            .map(g -> index(g.indexName(), g.keySchema(), g.projection(), throughput(g)))
            .toList(),
        d.localSecondaryIndexes().stream()
            .map(l -> index(l.indexName(), l.keySchema(), l.projection(), null))
            .toList(),
        d.attributeDefinitions().stream()
            .collect(
                Collectors.toMap(
                    AttributeDefinition::attributeName,
                    AttributeDefinition::attributeTypeAsString)),
        billingMode(d),
        capacity(d));
  }

  /**
   * BillingModeSummary's mode; a table described without one is PROVISIONED (DynamoDB's API
   * reference: the summary is absent for tables that never switched to on-demand).
   */
  private static String billingMode(TableDescription d) {
    var summary = d.billingModeSummary();
    return summary != null && summary.billingMode() != null
        ? summary.billingModeAsString()
        : "PROVISIONED";
  }

  /** The table's provisioned capacity; null when on demand. */
  private static Table.Capacity capacity(TableDescription d) {
    var p = d.provisionedThroughput();
    if ("PAY_PER_REQUEST".equals(billingMode(d))
        || p == null
        || p.readCapacityUnits() == null
        || p.readCapacityUnits() == 0) {
      return null;
    }
    return new Table.Capacity(p.readCapacityUnits(), p.writeCapacityUnits());
  }

  /** A described index's provisioned throughput; null when on demand. */
  private static ProvisionedThroughput throughput(GlobalSecondaryIndexDescription index) {
    var described = index.provisionedThroughput();
    if (described == null || described.readCapacityUnits() == null) {
      return null;
    }
    return ProvisionedThroughput.builder()
        .readCapacityUnits(described.readCapacityUnits())
        .writeCapacityUnits(described.writeCapacityUnits())
        .build();
  }

  /** A ContinuousBackupsDescription; point-in-time recovery DISABLED when it does not say. */
  static ContinuousBackups continuousBackups(ContinuousBackupsDescription d) {
    PointInTimeRecoveryDescription p = d == null ? null : d.pointInTimeRecoveryDescription();
    if (p == null || p.pointInTimeRecoveryStatus() == null) {
      return new ContinuousBackups(ContinuousBackups.DISABLED, null, null, null);
    }
    return new ContinuousBackups(
        p.pointInTimeRecoveryStatusAsString(),
        p.recoveryPeriodInDays(),
        p.earliestRestorableDateTime(),
        p.latestRestorableDateTime());
  }

  static BackupDetails backupDetails(BackupDescription d) {
    SourceTableDetails source = d.sourceTableDetails();
    SourceTableFeatureDetails features = d.sourceTableFeatureDetails();
    String tableName = source == null ? null : source.tableName();
    return new BackupDetails(
        BackupRecords.fromDetails(d.backupDetails(), tableName),
        source == null ? null : source.tableArn(),
        source == null || source.itemCount() == null ? 0 : source.itemCount(),
        source == null ? List.of() : keys(source.keySchema()),
        features == null
            ? List.of()
            : features.globalSecondaryIndexes().stream()
                .map(
                    g ->
                        index(
                            g.indexName(),
                            g.keySchema(),
                            g.projection(),
                            g.provisionedThroughput()))
                .toList(),
        features == null
            ? List.of()
            : features.localSecondaryIndexes().stream()
                .map(l -> index(l.indexName(), l.keySchema(), l.projection(), null))
                .toList());
  }

  static List<Table.KeyElement> keys(List<KeySchemaElement> schema) {
    return schema.stream()
        .map(k -> new Table.KeyElement(k.attributeName(), k.keyTypeAsString()))
        .toList();
  }

  private static IndexDefinition index(
      String name,
      List<KeySchemaElement> keys,
      Projection projection,
      ProvisionedThroughput throughput) {
    return new IndexDefinition(
        name,
        keys(keys),
        projection == null ? "ALL" : projection.projectionTypeAsString(),
        projection == null ? List.of() : projection.nonKeyAttributes(),
        throughput == null ? null : throughput.readCapacityUnits(),
        throughput == null ? null : throughput.writeCapacityUnits());
  }
}
