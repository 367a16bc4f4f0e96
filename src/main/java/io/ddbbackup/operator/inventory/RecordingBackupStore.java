package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Instant;

/**
 * The store the reconcilers call: every answer DynamoDB gives about a backup (CreateBackup,
 * DescribeBackup, a ListBackups page, DeleteBackup) updates the inventory on its way back, so no
 * caller can forget to. It wraps the rate-limited, metered store; it makes no call of its own, and
 * a call the port gains later with a default method (like {@code list}) goes through these.
 */
final class RecordingBackupStore implements BackupStore {

  private final BackupStore delegate;
  private final BackupInventory inventory;

  RecordingBackupStore(BackupStore delegate, BackupInventory inventory) {
    this.delegate = delegate;
    this.inventory = inventory;
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    Backup created = delegate.create(target, backupName);
    inventory.seen(target, created);
    return created;
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    try {
      Backup backup = delegate.describe(target, backupArn);
      inventory.seen(target, backup);
      return backup;
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.BACKUP_NOT_FOUND) {
        inventory.gone(target, backupArn);
      }
      throw e;
    }
  }

  @Override
  public Page listPage(TableTarget target, Instant from, Instant toExclusive, String start) {
    Page page = delegate.listPage(target, from, toExclusive, start);
    page.backups().forEach(b -> inventory.seen(target, b));
    return page;
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    try {
      delegate.delete(target, backupArn);
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.BACKUP_NOT_FOUND) {
        inventory.gone(target, backupArn);
      }
      throw e;
    }
    inventory.gone(target, backupArn);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
