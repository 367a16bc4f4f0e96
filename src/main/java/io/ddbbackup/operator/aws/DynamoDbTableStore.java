package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.KeyValue;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableImport;
import io.ddbbackup.operator.restore.TableStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.ImportSummary;
import software.amazon.awssdk.services.dynamodb.model.ListImportsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The real {@link TableStore}: DynamoDB's table calls through the AWS SDK v2. */
final class DynamoDbTableStore implements TableStore {

  private final DynamoDbClients clients;
  private final AutoCloseable owned;

  DynamoDbTableStore(DynamoDbClients clients, AutoCloseable owned) {
    this.clients = clients;
    this.owned = owned;
  }

  @Override
  public Optional<Table> describe(TableTarget target) {
    try {
      return Optional.of(
          TableRecords.table(
              call(
                      Operation.DESCRIBE_TABLE,
                      target,
                      clients.forTarget(target),
                      c -> c.describeTable(b -> b.tableName(target.table())))
                  .table()));
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.TABLE_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public String regionOf(TableTarget target) {
    return clients.regionOf(target).id();
  }

  @Override
  public BackupDetails describeBackup(TableTarget target, String backupArn) {
    BackupDescription description =
        call(
                Operation.DESCRIBE,
                target,
                clients.forTarget(target),
                c -> c.describeBackup(b -> b.backupArn(backupArn)))
            .backupDescription();
    return TableRecords.backupDetails(description);
  }

  @Override
  public Table restore(TableTarget target, RestoreRequest request) {
    // one attempt on a client that never retries: see DynamoDbClients.forOneAttempt
    DynamoDbClient client = clients.forOneAttempt(target);
    if (request.source() instanceof RestoreRequest.FromBackup backup) {
      return TableRecords.table(
          call(
                  Operation.RESTORE_FROM_BACKUP,
                  target,
                  client,
                  c -> c.restoreTableFromBackup(RestoreCalls.fromBackup(request, backup)))
              .tableDescription());
    }
    RestoreRequest.ToPointInTime point = (RestoreRequest.ToPointInTime) request.source();
    return TableRecords.table(
        call(
                Operation.RESTORE_TO_POINT_IN_TIME,
                // a missing table is the source
                target.withTable(point.sourceTable()),
                client,
                c -> c.restoreTableToPointInTime(RestoreCalls.toPointInTime(request, point)))
            .tableDescription());
  }

  @Override
  public void tag(TableTarget target, String tableArn, Map<String, String> tags) {
    call(
        Operation.TAG_RESOURCE,
        target,
        clients.forTarget(target),
        c ->
            c.tagResource(
                b ->
                    b.resourceArn(tableArn)
                        .tags(
                            tags.entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList())));
  }

  @Override
  public Map<String, String> tags(TableTarget target, String tableArn) {
    Map<String, String> tags = new LinkedHashMap<>();
    String next = null;
    do {
      String token = next;
      ListTagsOfResourceResponse page =
          call(
              Operation.LIST_TAGS,
              target,
              clients.forTarget(target),
              c -> c.listTagsOfResource(b -> b.resourceArn(tableArn).nextToken(token)));
      page.tags().forEach(t -> tags.put(t.key(), t.value()));
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return tags;
  }

  @Override
  public long countItems(TableTarget target) {
    long count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      // each page is one Scan of up to 1 MB: reconcile threads never wait on this (drills run
      // their checks on a thread of their own)
      ScanResponse page =
          call(
              Operation.SCAN,
              target,
              clients.forTarget(target),
              c ->
                  c.scan(
                      b ->
                          b.tableName(target.table())
                              .select(Select.COUNT)
                              .exclusiveStartKey(from)));
      count += page.count();
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return count;
  }

  @Override
  public boolean hasItem(TableTarget target, Map<String, KeyValue> key) {
    Map<String, AttributeValue> typed = new LinkedHashMap<>();
    key.forEach((name, value) -> typed.put(name, attribute(value)));
    return call(
            Operation.GET_ITEM,
            target,
            clients.forTarget(target),
            c -> c.getItem(b -> b.tableName(target.table()).key(typed).consistentRead(true)))
        .hasItem();
  }

  @Override
  public ContinuousBackups continuousBackups(TableTarget target) {
    return TableRecords.continuousBackups(
        call(
                Operation.DESCRIBE_CONTINUOUS_BACKUPS,
                target,
                clients.forTarget(target),
                c -> c.describeContinuousBackups(b -> b.tableName(target.table())))
            .continuousBackupsDescription());
  }

  @Override
  public ContinuousBackups updateContinuousBackups(
      TableTarget target, boolean enabled, Integer recoveryPeriodInDays) {
    return TableRecords.continuousBackups(
        call(
                Operation.UPDATE_CONTINUOUS_BACKUPS,
                target,
                clients.forTarget(target),
                c ->
                    c.updateContinuousBackups(
                        b ->
                            b.tableName(target.table())
                                .pointInTimeRecoverySpecification(
                                    p ->
                                        p.pointInTimeRecoveryEnabled(enabled)
                                            .recoveryPeriodInDays(
                                                enabled ? recoveryPeriodInDays : null))))
            .continuousBackupsDescription());
  }

  @Override
  public TableImport importTable(TableTarget target, ImportRequest request) {
    var call = ImportCalls.importTable(request);
    // the retrying client: the ClientToken makes a resent ImportTable answer with the same import
    return ImportCalls.tableImport(
        call(Operation.IMPORT_TABLE, target, clients.forTarget(target), c -> c.importTable(call))
            .importTableDescription());
  }

  @Override
  public TableImport describeImport(TableTarget target, String importArn) {
    return ImportCalls.tableImport(
        call(
                Operation.DESCRIBE_IMPORT,
                target,
                clients.forTarget(target),
                c -> c.describeImport(b -> b.importArn(importArn)))
            .importTableDescription());
  }

  @Override
  public List<TableImport> importsInto(TableTarget target, String tableArn) {
    List<String> arns = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      ListImportsResponse page =
          call(
              Operation.LIST_IMPORTS,
              target,
              clients.forTarget(target),
              c -> c.listImports(b -> b.tableArn(tableArn).pageSize(25).nextToken(token)));
      page.importSummaryList().stream().map(ImportSummary::importArn).forEach(arns::add);
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    // a summary has no ClientToken: each import is described to learn whether it is ours
    List<TableImport> imports = new ArrayList<>();
    for (String arn : arns) {
      imports.add(describeImport(target, arn));
    }
    return imports;
  }

  private static AttributeValue attribute(KeyValue value) {
    return switch (value.type()) {
      case "N" -> AttributeValue.fromN(value.text());
      case "B" ->
          AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value.text())));
      default -> AttributeValue.fromS(value.text());
    };
  }

  @Override
  public void delete(TableTarget target) {
    call(
        Operation.DELETE_TABLE,
        target,
        clients.forTarget(target),
        c -> c.deleteTable(b -> b.tableName(target.table())));
  }

  private <T> T call(
      Operation op,
      TableTarget target,
      DynamoDbClient client,
      Function<DynamoDbClient, T> request) {
    return AwsFailures.call(op, clients.where(target), client, request);
  }

  @Override
  public void close() {
    DynamoDb.closeQuietly(owned);
  }
}
