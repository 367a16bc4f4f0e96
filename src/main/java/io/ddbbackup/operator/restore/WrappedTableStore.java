package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link TableStore} whose every call goes through a {@link CallWrapper}. */
public final class WrappedTableStore implements TableStore {

  private final TableStore delegate;
  private final CallWrapper wrapper;

  public WrappedTableStore(TableStore delegate, CallWrapper wrapper) {
    this.delegate = delegate;
    this.wrapper = wrapper;
  }

  @Override
  public Optional<Table> describe(TableTarget target) {
    return wrapper.around(Operation.DESCRIBE_TABLE, target, () -> delegate.describe(target));
  }

  @Override
  public String regionOf(TableTarget target) {
    return delegate.regionOf(target); // no call: nothing to wrap
  }

  @Override
  public BackupDetails describeBackup(TableTarget target, String backupArn) {
    return wrapper.around(
        Operation.DESCRIBE, target, () -> delegate.describeBackup(target, backupArn));
  }

  @Override
  public Table restore(TableTarget target, RestoreRequest request) {
    Operation op =
        request.source() instanceof RestoreRequest.FromBackup
            ? Operation.RESTORE_FROM_BACKUP
            : Operation.RESTORE_TO_POINT_IN_TIME;
    return wrapper.around(op, target, () -> delegate.restore(target, request));
  }

  @Override
  public void tag(TableTarget target, String tableArn, Map<String, String> tags) {
    wrapper.around(
        Operation.TAG_RESOURCE,
        target,
        () -> {
          delegate.tag(target, tableArn, tags);
          return null;
        });
  }

  @Override
  public Map<String, String> tags(TableTarget target, String tableArn) {
    return wrapper.around(Operation.LIST_TAGS, target, () -> delegate.tags(target, tableArn));
  }

  @Override
  public long countItems(TableTarget target) {
    return wrapper.around(Operation.SCAN, target, () -> delegate.countItems(target));
  }

  @Override
  public boolean hasItem(TableTarget target, Map<String, KeyValue> key) {
    return wrapper.around(Operation.GET_ITEM, target, () -> delegate.hasItem(target, key));
  }

  @Override
  public ContinuousBackups continuousBackups(TableTarget target) {
    return wrapper.around(
        Operation.DESCRIBE_CONTINUOUS_BACKUPS, target, () -> delegate.continuousBackups(target));
  }

  @Override
  public ContinuousBackups updateContinuousBackups(
      TableTarget target, boolean enabled, Integer recoveryPeriodInDays) {
    return wrapper.around(
        Operation.UPDATE_CONTINUOUS_BACKUPS,
        target,
        () -> delegate.updateContinuousBackups(target, enabled, recoveryPeriodInDays));
  }

  @Override
  public TableImport importTable(TableTarget target, ImportRequest request) {
    return wrapper.around(
        Operation.IMPORT_TABLE, target, () -> delegate.importTable(target, request));
  }

  @Override
  public TableImport describeImport(TableTarget target, String importArn) {
    return wrapper.around(
        Operation.DESCRIBE_IMPORT, target, () -> delegate.describeImport(target, importArn));
  }

  /**
   * One permit for the whole listing, as {@link #countItems} takes for its pages: ListImports pages
   * and the DescribeImport of each import are made by the delegate.
   */
  @Override
  public List<TableImport> importsInto(TableTarget target, String tableArn) {
    return wrapper.around(
        Operation.LIST_IMPORTS, target, () -> delegate.importsInto(target, tableArn));
  }

  @Override
  public void delete(TableTarget target) {
    wrapper.around(
        Operation.DELETE_TABLE,
        target,
        () -> {
          delegate.delete(target);
          return null;
        });
  }

  @Override
  public void close() {
    delegate.close();
  }
}
