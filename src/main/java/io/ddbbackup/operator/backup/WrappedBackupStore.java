package io.ddbbackup.operator.backup;

import java.time.Instant;

/** A {@link BackupStore} whose every call goes through a {@link CallWrapper}. */
public final class WrappedBackupStore implements BackupStore {

  private final BackupStore delegate;
  private final CallWrapper wrapper;

  public WrappedBackupStore(BackupStore delegate, CallWrapper wrapper) {
    this.delegate = delegate;
    this.wrapper = wrapper;
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    return wrapper.around(Operation.CREATE, target, () -> delegate.create(target, backupName));
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    return wrapper.around(Operation.DESCRIBE, target, () -> delegate.describe(target, backupArn));
  }

  @Override
  public Page listPage(TableTarget target, Instant from, Instant toExclusive, String start) {
    return wrapper.around(
        Operation.LIST, target, () -> delegate.listPage(target, from, toExclusive, start));
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    wrapper.around(
        Operation.DELETE,
        target,
        () -> {
          delegate.delete(target, backupArn);
          return null;
        });
  }

  @Override
  public void close() {
    delegate.close();
  }
}
