package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.quota.QuotaGate;
import java.time.Duration;
import java.time.Instant;

/**
 * The operator's side of the simulated DynamoDB: the port implemented over {@link
 * SimulatedDynamoDb}, one wire call per method as the production adapter. {@link #limited} puts it
 * behind the production quota gate, as the operator runs its real store.
 */
final class SimulatedBackupStore implements BackupStore {

  private final SimulatedDynamoDb aws;

  private SimulatedBackupStore(SimulatedDynamoDb aws) {
    this.aws = aws;
  }

  /** Behind the operator's own quotas; {@code quotas} null: no client-side limiting. */
  static BackupStore limited(SimulatedDynamoDb aws, Quotas quotas) {
    SimulatedBackupStore store = new SimulatedBackupStore(aws);
    if (quotas == null) {
      return store;
    }
    return new WrappedBackupStore(
        store,
        new QuotaGate(
            quotas,
            SimulatedBackupStore::region,
            new QuotaGate.RefusalRetry(5, Duration.ofMillis(500), Duration.ofSeconds(20))));
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    return aws.createBackup(account(target), region(target), target.table(), backupName);
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    return aws.describeBackup(account(target), region(target), backupArn);
  }

  @Override
  public Page listPage(TableTarget target, Instant from, Instant toExclusive, String start) {
    SimulatedDynamoDb.Page page =
        aws.listBackups(account(target), region(target), target.table(), from, toExclusive, start);
    return new Page(page.backups(), page.lastEvaluatedBackupArn());
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    aws.deleteBackup(account(target), region(target), backupArn);
  }

  private static String account(TableTarget target) {
    String account = Quotas.accountOf(target);
    return "default".equals(account) ? SimulatedDynamoDb.ACCOUNT : account;
  }

  private static String region(TableTarget target) {
    return target.region() == null ? SimulatedDynamoDb.REGION : target.region();
  }
}
