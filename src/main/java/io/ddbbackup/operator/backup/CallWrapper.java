package io.ddbbackup.operator.backup;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import java.util.function.Supplier;

/**
 * Something done around every DynamoDB call the same way, whatever port makes it: rate limits at
 * DynamoDB's quotas, call metrics. The ports' wrappers ({@link WrappedBackupStore},
 * restore.WrappedTableStore) hand each call through it; each ListBackups page is one call.
 */
public interface CallWrapper {

  /** Makes {@code call}, the operation {@code op} on {@code target}, in this wrapper's way. */
  <T> T around(Operation op, TableTarget target, Supplier<T> call);
}
