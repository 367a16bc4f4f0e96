package io.ddbbackup.operator.policy;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.Map;

/**
 * A {@link TableCatalog} whose every call goes through a {@link CallWrapper}: the rate limits at
 * DynamoDB's quotas, the call metrics. Each ListTables or GetResources page is one call.
 */
public final class WrappedTableCatalog implements TableCatalog {

  private final TableCatalog delegate;
  private final CallWrapper wrapper;

  public WrappedTableCatalog(TableCatalog delegate, CallWrapper wrapper) {
    this.delegate = delegate;
    this.wrapper = wrapper;
  }

  @Override
  public Page listTables(TableTarget scope, String exclusiveStart) {
    return wrapper.around(
        Operation.LIST_TABLES, scope, () -> delegate.listTables(scope, exclusiveStart));
  }

  @Override
  public String tableArn(TableTarget scope, String tableName) {
    return wrapper.around(
        Operation.DESCRIBE_TABLE,
        scope.withTable(tableName),
        () -> delegate.tableArn(scope, tableName));
  }

  @Override
  public Map<String, String> tags(TableTarget scope, String tableArn) {
    return wrapper.around(
        Operation.LIST_TAGS, scope.withTable(tableArn), () -> delegate.tags(scope, tableArn));
  }

  @Override
  public TaggedPage taggedTables(TableTarget scope, String paginationToken) {
    return wrapper.around(
        Operation.GET_RESOURCES, scope, () -> delegate.taggedTables(scope, paginationToken));
  }
}
