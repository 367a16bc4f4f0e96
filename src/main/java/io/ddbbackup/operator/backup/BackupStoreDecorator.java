package io.ddbbackup.operator.backup;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A {@link BackupStore} that wraps every call of another the same way (rate limits, metrics): a
 * subclass writes {@link #around} once instead of four wrappers. Each ListBackups page is one call.
 */
public abstract class BackupStoreDecorator implements BackupStore {

  protected final BackupStore delegate;

  protected BackupStoreDecorator(BackupStore delegate) {
    this.delegate = delegate;
  }

  /** Makes {@code call}, the operation {@code op} on {@code target}, in this decorator's way. */
  protected abstract <T> T around(Operation op, TableTarget target, Supplier<T> call);

  @Override
  public Backup create(TableTarget target, String backupName) {
    return around(Operation.CREATE, target, () -> delegate.create(target, backupName));
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    return around(Operation.DESCRIBE, target, () -> delegate.describe(target, backupArn));
  }

  @Override
  public Page listPage(TableTarget target, Instant from, Instant toExclusive, String start) {
    return around(
        Operation.LIST, target, () -> delegate.listPage(target, from, toExclusive, start));
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    around(
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
