package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.RestoreRequest.Overrides;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableImport;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.ImportTableRequest;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

/**
 * The restore package's {@link ImportRequest} as DynamoDB's ImportTableRequest: a full export's
 * data files (DynamoDB JSON, gzip) into a new table made with the shape recorded beside the export.
 */
final class ImportCalls {

  private static final String ON_DEMAND = "PAY_PER_REQUEST";

  private ImportCalls() {}

  /**
   * The request; throws INVALID_REQUEST, before any call, for a shape ImportTable cannot create.
   */
  static ImportTableRequest importTable(ImportRequest request) {
    TableShape shape = request.shape();
    Overrides o = request.overrides();
    refuseLocalIndexes(request);
    String billing = o.billingMode() != null ? o.billingMode() : shape.billingMode();
    boolean onDemand = ON_DEMAND.equals(billing);
    ProvisionedThroughput table = onDemand ? null : tableThroughput(request, billing);
    return ImportTableRequest.builder()
        .clientToken(request.clientToken())
        .s3BucketSource(
            s ->
                s.s3Bucket(request.bucket())
                    .s3BucketOwner(request.bucketOwner())
                    .s3KeyPrefix(request.keyPrefix()))
        .inputFormat(InputFormat.DYNAMODB_JSON)
        .inputCompressionType(InputCompressionType.GZIP)
        .tableCreationParameters(
            TableCreationParameters.builder()
                .tableName(request.targetTable())
                .keySchema(
                    shape.keySchema().stream()
                        .map(k -> key(k.attributeName(), k.keyType()))
                        .toList())
                .attributeDefinitions(
                    shape.attributeDefinitions().stream()
                        .map(
                            a ->
                                AttributeDefinition.builder()
                                    .attributeName(a.attributeName())
                                    .attributeType(a.attributeType())
                                    .build())
                        .toList())
                .billingMode(billing)
                .provisionedThroughput(table)
                .globalSecondaryIndexes(globals(shape, o, onDemand, table))
                .sseSpecification(sse(o))
                .build())
        .build();
  }

  static TableImport tableImport(ImportTableDescription d) {
    return new TableImport(
        d.importArn(),
        d.importStatusAsString(),
        d.tableArn(),
        d.clientToken(),
        d.importedItemCount() == null ? 0 : d.importedItemCount(),
        d.errorCount() == null ? 0 : d.errorCount(),
        d.failureCode(),
        d.failureMessage(),
        d.startTime(),
        d.endTime());
  }

  /**
   * ImportTable's TableCreationParameters have no LocalSecondaryIndexes (API reference): a table
   * with local indexes cannot be made by an import, and one made without them would not be the
   * table that was exported.
   */
  private static void refuseLocalIndexes(ImportRequest request) {
    List<String> locals =
        request.overrides().localSecondaryIndexes() != null
            ? request.overrides().localSecondaryIndexes().stream()
                .map(IndexDefinition::name)
                .toList()
            : request.shape().localSecondaryIndexes().stream()
                .map(TableShape.Index::indexName)
                .toList();
    if (!locals.isEmpty()) {
      throw new BackupStoreException(
          Failure.INVALID_REQUEST,
          null,
          ("ImportTable cannot create local secondary indexes, and table %s as exported has %s:"
                  + " restore it from a backup or a point in time instead (those keep local"
                  + " indexes); ImportTable was not sent")
              .formatted(request.shape().name(), String.join(", ", locals)),
          null);
    }
  }

  private static ProvisionedThroughput tableThroughput(ImportRequest request, String billing) {
    Overrides o = request.overrides();
    if (o.readCapacityUnits() != null && o.writeCapacityUnits() != null) {
      return throughput(o.readCapacityUnits(), o.writeCapacityUnits());
    }
    TableShape.Throughput recorded = request.shape().provisionedThroughput();
    if (recorded == null) {
      throw new BackupStoreException(
          Failure.INVALID_REQUEST,
          null,
          ("billing mode %s needs read and write capacity units, and table %s was exported on"
                  + " demand: give both capacity overrides, or keep PAY_PER_REQUEST; ImportTable"
                  + " was not sent")
              .formatted(billing, request.shape().name()),
          null);
    }
    return throughput(recorded.readCapacityUnits(), recorded.writeCapacityUnits());
  }

  /**
   * The global indexes: the overrides' when given (as a restore keeps only those), else the
   * recorded ones. On demand they carry no throughput; provisioned, each keeps its own, else takes
   * the table's.
   */
  private static List<GlobalSecondaryIndex> globals(
      TableShape shape, Overrides o, boolean onDemand, ProvisionedThroughput table) {
    List<GlobalSecondaryIndex> indexes =
        o.globalSecondaryIndexes() != null
            ? o.globalSecondaryIndexes().stream()
                .map(
                    i ->
                        global(
                            i.name(),
                            keys(i.keySchema()),
                            i.projectionType(),
                            i.nonKeyAttributes(),
                            onDemand || i.readCapacityUnits() == null
                                ? null
                                : throughput(i.readCapacityUnits(), i.writeCapacityUnits()),
                            onDemand,
                            table))
                .toList()
            : shape.globalSecondaryIndexes().stream()
                .map(
                    i ->
                        global(
                            i.indexName(),
                            i.keySchema().stream()
                                .map(k -> key(k.attributeName(), k.keyType()))
                                .toList(),
                            i.projectionType(),
                            i.nonKeyAttributes(),
                            onDemand || i.provisionedThroughput() == null
                                ? null
                                : throughput(
                                    i.provisionedThroughput().readCapacityUnits(),
                                    i.provisionedThroughput().writeCapacityUnits()),
                            onDemand,
                            table))
                .toList();
    // an empty list would be sent as "GlobalSecondaryIndexes": [], which DynamoDB refuses
    return indexes.isEmpty() ? null : indexes;
  }

  private static GlobalSecondaryIndex global(
      String name,
      List<KeySchemaElement> keys,
      String projectionType,
      List<String> nonKeyAttributes,
      ProvisionedThroughput own,
      boolean onDemand,
      ProvisionedThroughput table) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(keys)
        .projection(
            Projection.builder()
                .projectionType(projectionType)
                .nonKeyAttributes(nonKeyAttributes.isEmpty() ? null : nonKeyAttributes)
                .build())
        .provisionedThroughput(onDemand ? null : own != null ? own : table)
        .build();
  }

  private static KeySchemaElement key(String name, String type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static ProvisionedThroughput throughput(long read, long write) {
    return ProvisionedThroughput.builder()
        .readCapacityUnits(read)
        .writeCapacityUnits(write)
        .build();
  }

  private static SSESpecification sse(Overrides o) {
    if (o.sseEnabled() == null && o.sseType() == null && o.kmsMasterKeyId() == null) {
      return null;
    }
    return SSESpecification.builder()
        .enabled(o.sseEnabled())
        .sseType(o.sseType())
        .kmsMasterKeyId(o.kmsMasterKeyId())
        .build();
  }

  private static List<KeySchemaElement> keys(List<Table.KeyElement> keys) {
    return keys.stream().map(k -> key(k.attributeName(), k.keyType())).toList();
  }
}
