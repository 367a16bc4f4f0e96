package io.ddbbackup.operator.quota;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * DynamoDB's control-plane quotas per account and region, enforced on our side: AWS would answer a
 * burst of a thousand schedules with ThrottlingException, so every schedule shares one limiter per
 * (account, region, operation) and queues instead.
 */
public final class Quotas {

  /**
   * SPEC §2: CreateBackup 50/s, ListBackups 5/s, DescribeBackup and DeleteBackup 10/s. Restores:
   * RestoreTableFromBackup 10/s (DynamoDB's API reference), RestoreTableToPointInTime likewise;
   * TagResource 5/s per account; DescribeTable, DeleteTable and ListTagsOfResource share DynamoDB's
   * control-plane budget, which the operator uses sparingly; so do DescribeContinuousBackups and
   * UpdateContinuousBackups (point-in-time recovery, checked on a bounded period), and ListTables
   * (backup policies' discovery), kept at 5/s. DynamoDB publishes no per-second rate for
   * ExportTableToPointInTime, DescribeExport and ListExports (only 300 exports in flight per
   * account and region); these rates are ours, low because a chain makes one export per period and
   * follows it at a backoff. Likewise ImportTable, DescribeImport and ListImports (50 imports in
   * flight per account and region): a restore from exports makes one import and follows it.
   */
  public static Map<Operation, Double> dynamoDbDefaults() {
    Map<Operation, Double> rates = new EnumMap<>(Operation.class);
    rates.put(Operation.CREATE, 50.0);
    rates.put(Operation.LIST, 5.0);
    rates.put(Operation.DESCRIBE, 10.0);
    rates.put(Operation.DELETE, 10.0);
    rates.put(Operation.DESCRIBE_TABLE, 20.0);
    rates.put(Operation.RESTORE_FROM_BACKUP, 10.0);
    rates.put(Operation.RESTORE_TO_POINT_IN_TIME, 10.0);
    rates.put(Operation.DELETE_TABLE, 10.0);
    rates.put(Operation.TAG_RESOURCE, 5.0);
    rates.put(Operation.LIST_TAGS, 10.0);
    rates.put(Operation.DESCRIBE_CONTINUOUS_BACKUPS, 10.0);
    rates.put(Operation.UPDATE_CONTINUOUS_BACKUPS, 5.0);
    rates.put(Operation.EXPORT, 5.0);
    rates.put(Operation.DESCRIBE_EXPORT, 10.0);
    rates.put(Operation.LIST_EXPORTS, 5.0);
    rates.put(Operation.IMPORT_TABLE, 5.0);
    rates.put(Operation.DESCRIBE_IMPORT, 10.0);
    rates.put(Operation.LIST_IMPORTS, 5.0);
    // a backup policy's discovery, one page of 100 names per call, once per discovery interval
    rates.put(Operation.LIST_TABLES, 5.0);
    // its tags, 100 tables a page (the Tagging API publishes no rate; this stays well under any)
    rates.put(Operation.GET_RESOURCES, 5.0);
    return rates;
  }

  /**
   * How long a reconcile thread may wait for a DescribeBackup, ListBackups or DeleteBackup permit.
   * When a thousand backups finish together their follow-ups queue for minutes (ListBackups is
   * 5/s); parked, they would hold every reconcile thread and starve the CreateBackups of schedules
   * whose slot is now. Past this wait the call is not made and the reconcile comes back later.
   */
  public static final Duration LONGEST_WAIT_IN_A_RECONCILE = Duration.ofSeconds(1);

  /**
   * How long a reconcile waits for a permit of {@code op} that is not a CreateBackup or a restore:
   * {@link #LONGEST_WAIT_IN_A_RECONCILE}, except DescribeTable, which waits for none. DescribeTable
   * checks a new spec (once per generation) and follows restored tables; neither is punctual, and
   * when a fleet is applied at once (10,000 checks at 20/s take over eight minutes) threads parked
   * for it held back the first reconciles of the schedules behind them.
   */
  public static Duration longestWaitInAReconcile(Operation op) {
    return op == Operation.DESCRIBE_TABLE ? Duration.ZERO : LONGEST_WAIT_IN_A_RECONCILE;
  }

  /** Whose quota a call spends; account is "default" when the operator cannot tell. */
  public record Key(String account, String region, Operation operation) {}

  private final Map<Key, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final Function<Operation, RateLimiter> factory;
  private final Map<Operation, Double> rates;

  public Quotas(Map<Operation, Double> ratesPerSecond) {
    this(ratesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /**
   * The quotas on a time of the caller's: {@code nanoTime} reads it and {@code sleeper} waits on it
   * (a test passes virtual time, so that a minute of queueing takes none).
   */
  public Quotas(
      Map<Operation, Double> ratesPerSecond, LongSupplier nanoTime, RateLimiter.Sleeper sleeper) {
    this.rates = new EnumMap<>(ratesPerSecond);
    // One permit of headroom: AWS's bucket and ours refill at the same rate, so with ours one
    // permit smaller AWS always holds one more than we think. That absorbs a call reaching AWS
    // late while the bucket is full (a GC pause, network jitter) or two arriving together, which
    // would otherwise be throttled although we kept to the rate.
    // no stored burst: at most the quota in any one-second window, never a burst on top of it
    this.factory = op -> new RateLimiter(rates.get(op), 1, nanoTime, sleeper);
  }

  /** For tests: limiters built by {@code factory}. */
  Quotas(Function<Operation, RateLimiter> factory) {
    this.factory = factory;
    this.rates = null;
  }

  /** True when {@code op} has a quota here; data-plane reads (Scan, GetItem) have none. */
  public boolean limits(Operation op) {
    return rates == null || rates.containsKey(op);
  }

  /** Waits for a permit to call {@code key.operation()} as {@code key.account()}. */
  public void acquire(Key key) throws InterruptedException {
    limiters.computeIfAbsent(key, k -> factory.apply(k.operation())).acquire();
  }

  /**
   * Takes a permit if one is free within {@code maxWait}; otherwise books nothing and throws {@link
   * RateLimiter.Busy} saying when to come back.
   */
  public void acquire(Key key, Duration maxWait) throws InterruptedException, RateLimiter.Busy {
    limiters.computeIfAbsent(key, k -> factory.apply(k.operation())).acquire(maxWait.toNanos());
  }

  /** The account whose quota a call to this target spends: the role's, else the table's. */
  public static String accountOf(TableTarget target) {
    if (target.roleArn() != null) {
      // arn:aws:iam::<account>:role/<name>
      String[] parts = target.roleArn().split(":");
      if (parts.length >= 6 && parts[4].matches("\\d{12}")) {
        return parts[4];
      }
    }
    return TableArn.parse(target.table()).map(TableArn::account).orElse("default");
  }
}
