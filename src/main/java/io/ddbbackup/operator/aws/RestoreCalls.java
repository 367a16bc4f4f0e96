package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.RestoreRequest.Overrides;
import io.ddbbackup.operator.restore.Table;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;

/** The restore package's requests as DynamoDB's: the overrides both restore calls take. */
final class RestoreCalls {

  private RestoreCalls() {}

  static RestoreTableFromBackupRequest fromBackup(
      RestoreRequest request, RestoreRequest.FromBackup source) {
    Overrides o = request.overrides();
    return RestoreTableFromBackupRequest.builder()
        .targetTableName(request.targetTable())
        .backupArn(source.backupArn())
        .billingModeOverride(o.billingMode())
        .provisionedThroughputOverride(throughput(o.readCapacityUnits(), o.writeCapacityUnits()))
        .sseSpecificationOverride(sse(o))
        .globalSecondaryIndexOverride(globals(o))
        .localSecondaryIndexOverride(locals(o))
        .build();
  }

  static RestoreTableToPointInTimeRequest toPointInTime(
      RestoreRequest request, RestoreRequest.ToPointInTime source) {
    Overrides o = request.overrides();
    // by name: a point-in-time restore stays in the source's account and region, where the name
    // is unique (and some emulators accept nothing else)
    return RestoreTableToPointInTimeRequest.builder()
        .targetTableName(request.targetTable())
        .sourceTableName(TableArn.nameOf(source.sourceTable()))
        .restoreDateTime(source.restoreTime())
        .useLatestRestorableTime(source.restoreTime() == null ? Boolean.TRUE : null)
        .billingModeOverride(o.billingMode())
        .provisionedThroughputOverride(throughput(o.readCapacityUnits(), o.writeCapacityUnits()))
        .sseSpecificationOverride(sse(o))
        .globalSecondaryIndexOverride(globals(o))
        .localSecondaryIndexOverride(locals(o))
        .build();
  }

  private static ProvisionedThroughput throughput(Long read, Long write) {
    return read == null || write == null
        ? null
        : ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
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

  /**
   * The global indexes kept. On a PAY_PER_REQUEST table they carry no throughput; on a provisioned
   * one each keeps its own, or takes the table's override when the source was on demand.
   */
  private static List<GlobalSecondaryIndex> globals(Overrides o) {
    if (o.globalSecondaryIndexes() == null) {
      return null;
    }
    boolean onDemand = "PAY_PER_REQUEST".equals(o.billingMode());
    return o.globalSecondaryIndexes().stream()
        .map(
            i ->
                GlobalSecondaryIndex.builder()
                    .indexName(i.name())
                    .keySchema(keys(i.keySchema()))
                    .projection(projection(i))
                    .provisionedThroughput(
                        onDemand
                            ? null
                            : i.readCapacityUnits() != null
                                ? throughput(i.readCapacityUnits(), i.writeCapacityUnits())
                                : throughput(o.readCapacityUnits(), o.writeCapacityUnits()))
                    .build())
        .toList();
  }

  private static List<LocalSecondaryIndex> locals(Overrides o) {
    if (o.localSecondaryIndexes() == null) {
      return null;
    }
    return o.localSecondaryIndexes().stream()
        .map(
            i ->
                LocalSecondaryIndex.builder()
                    .indexName(i.name())
                    .keySchema(keys(i.keySchema()))
                    .projection(projection(i))
                    .build())
        .toList();
  }

  private static List<KeySchemaElement> keys(List<Table.KeyElement> keys) {
    return keys.stream()
        .map(
            k ->
                KeySchemaElement.builder()
                    .attributeName(k.attributeName())
                    .keyType(k.keyType())
                    .build())
        .toList();
  }

  private static Projection projection(IndexDefinition index) {
    return Projection.builder()
        .projectionType(index.projectionType())
        .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes())
        .build();
  }
}
