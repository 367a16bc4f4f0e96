package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.TableTarget;

/** An {@link ExportStore} whose every call goes through a {@link CallWrapper}. */
public final class WrappedExportStore implements ExportStore {

  private final ExportStore delegate;
  private final CallWrapper wrapper;

  public WrappedExportStore(ExportStore delegate, CallWrapper wrapper) {
    this.delegate = delegate;
    this.wrapper = wrapper;
  }

  @Override
  public Export start(TableTarget target, ExportRequest request) {
    return wrapper.around(Operation.EXPORT, target, () -> delegate.start(target, request));
  }

  @Override
  public Export describe(TableTarget target, String exportArn) {
    return wrapper.around(
        Operation.DESCRIBE_EXPORT, target, () -> delegate.describe(target, exportArn));
  }

  @Override
  public Page listPage(TableTarget target, String tableArn, String nextToken) {
    return wrapper.around(
        Operation.LIST_EXPORTS, target, () -> delegate.listPage(target, tableArn, nextToken));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
