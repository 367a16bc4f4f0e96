package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.policy.TableCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;

/**
 * The real {@link TableCatalog}: ListTables, DescribeTable and ListTagsOfResource, and the Resource
 * Groups Tagging API's GetResources ({@link TaggingApi}).
 */
final class DynamoDbTableCatalog implements TableCatalog {

  private final DynamoDbClients clients;

  DynamoDbTableCatalog(DynamoDbClients clients) {
    this.clients = clients;
  }

  @Override
  public Page listTables(TableTarget scope, String exclusiveStart) {
    ListTablesResponse page =
        call(
            Operation.LIST_TABLES,
            scope,
            c -> c.listTables(b -> b.limit(100).exclusiveStartTableName(exclusiveStart)));
    String last = page.lastEvaluatedTableName();
    return new Page(page.tableNames(), last == null || last.isEmpty() ? null : last);
  }

  @Override
  public String tableArn(TableTarget scope, String tableName) {
    TableTarget table = scope.withTable(tableName);
    return call(Operation.DESCRIBE_TABLE, table, c -> c.describeTable(b -> b.tableName(tableName)))
        .table()
        .tableArn();
  }

  @Override
  public TaggedPage taggedTables(TableTarget scope, String paginationToken) {
    return clients.tagging().tables(scope, paginationToken);
  }

  @Override
  public Map<String, String> tags(TableTarget scope, String tableArn) {
    Map<String, String> tags = new LinkedHashMap<>();
    String next = null;
    do {
      String token = next;
      ListTagsOfResourceResponse page =
          call(
              Operation.LIST_TAGS,
              scope.withTable(tableArn),
              c -> c.listTagsOfResource(b -> b.resourceArn(tableArn).nextToken(token)));
      page.tags().forEach(t -> tags.put(t.key(), t.value()));
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return tags;
  }

  private <T> T call(Operation op, TableTarget target, Function<DynamoDbClient, T> request) {
    return AwsFailures.call(op, clients.where(target), clients.forTarget(target), request);
  }
}
