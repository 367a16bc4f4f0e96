package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.policy.WrappedTableCatalog;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.quota.QuotaGate;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableImport;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.WrappedTableStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * The table port as the schedules use it (the check of a new spec's table, DescribeTable) behind
   * the quota gate; the benchmark makes no restores.
   */
  static TableStore tables(SimulatedDynamoDb aws, Quotas quotas) {
    return new WrappedTableStore(
        new Tables(aws),
        new QuotaGate(
            quotas,
            SimulatedBackupStore::region,
            new QuotaGate.RefusalRetry(5, Duration.ofMillis(500), Duration.ofSeconds(20))));
  }

  /**
   * The catalog a policy's discovery reads (ListTables, GetResources, DescribeTable, ListTagsOfResource), behind
   * the quota gate as production puts it ({@code quotas}: the same as the table port's, so that the
   * discovery's DescribeTable and the schedules' checks share one limiter, as in DynamoDb).
   */
  static TableCatalog catalog(SimulatedDynamoDb aws, Quotas quotas) {
    return new WrappedTableCatalog(
        new Catalog(aws),
        new QuotaGate(
            quotas,
            SimulatedBackupStore::region,
            new QuotaGate.RefusalRetry(5, Duration.ofMillis(500), Duration.ofSeconds(20))));
  }

  private record Catalog(SimulatedDynamoDb aws) implements TableCatalog {

    @Override
    public Page listTables(TableTarget scope, String exclusiveStart) {
      SimulatedDynamoDb.TablePage page =
          aws.listTables(account(scope), region(scope), exclusiveStart);
      return new Page(page.tableNames(), page.lastEvaluatedTableName());
    }

    @Override
    public String tableArn(TableTarget scope, String tableName) {
      return aws.tableArn(account(scope), region(scope), tableName);
    }

    @Override
    public Map<String, String> tags(TableTarget scope, String tableArn) {
      return aws.listTagsOfResource(account(scope), region(scope), tableArn);
    }

    @Override
    public TaggedPage taggedTables(TableTarget scope, String paginationToken) {
      return aws.getResources(account(scope), region(scope), paginationToken);
    }
  }

  private record Tables(SimulatedDynamoDb aws) implements TableStore {

    @Override
    public Optional<Table> describe(TableTarget target) {
      aws.describeTable(account(target), region(target), target.table());
      String arn =
          "arn:aws:dynamodb:%s:%s:table/%s"
              .formatted(region(target), account(target), target.table());
      // a key schema, as DescribeTable gives one: the record beside an export carries it
      return Optional.of(
          new Table(
              target.table(),
              arn,
              "ACTIVE",
              null,
              null,
              0,
              0,
              List.of(new Table.KeyElement("pk", "HASH")),
              List.of(),
              List.of(),
              Map.of("pk", "S"),
              "PAY_PER_REQUEST",
              null));
    }

    @Override
    public String regionOf(TableTarget target) {
      return region(target);
    }

    @Override
    public BackupDetails describeBackup(TableTarget target, String backupArn) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public Table restore(TableTarget target, RestoreRequest request) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public void tag(TableTarget target, String tableArn, Map<String, String> tags) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public Map<String, String> tags(TableTarget target, String tableArn) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public long countItems(TableTarget target) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public boolean hasItem(
        TableTarget target, Map<String, io.ddbbackup.operator.restore.KeyValue> key) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public void delete(TableTarget target) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public TableImport importTable(TableTarget target, ImportRequest request) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public TableImport describeImport(TableTarget target, String importArn) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public List<TableImport> importsInto(TableTarget target, String tableArn) {
      throw new UnsupportedOperationException("the benchmark makes no restores");
    }

    @Override
    public ContinuousBackups continuousBackups(TableTarget target) {
      return aws.describeContinuousBackups(account(target), region(target));
    }

    @Override
    public ContinuousBackups updateContinuousBackups(
        TableTarget target, boolean enabled, Integer recoveryPeriodInDays) {
      throw new UnsupportedOperationException("the benchmark's schedules manage no PITR");
    }
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
