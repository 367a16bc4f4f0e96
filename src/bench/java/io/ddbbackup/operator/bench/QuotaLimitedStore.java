package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.aws.BackupStore;
import io.ddbbackup.operator.aws.BackupStoreException;
import io.ddbbackup.operator.aws.BackupStoreException.Failure;
import io.ddbbackup.operator.aws.Quotas;
import io.ddbbackup.operator.aws.RateLimiter;
import io.ddbbackup.operator.aws.TableTarget;
import io.ddbbackup.operator.backup.Backup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator's side of the simulated DynamoDB, shaped like the production DynamoDbBackupStore:
 * the real {@link Quotas} (one RateLimiter per account, region and operation) is acquired before
 * every wire call, and ListBackups is paged here so that each page spends its own permit.
 */
final class QuotaLimitedStore implements BackupStore {

  private final SimulatedDynamoDb aws;
  private final Quotas quotas;

  /** {@code quotas} null: no client-side limiting (to show what the fake does without it). */
  QuotaLimitedStore(SimulatedDynamoDb aws, Quotas quotas) {
    this.aws = aws;
    this.quotas = quotas;
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    return call(
        target,
        Operation.CREATE,
        () -> aws.createBackup(account(target), region(target), target.table(), backupName));
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    return call(
        target,
        Operation.DESCRIBE,
        () -> aws.describeBackup(account(target), region(target), backupArn));
  }

  @Override
  public List<Backup> list(TableTarget target, Instant from, Instant to) {
    // the port's range is closed, DynamoDB's upper bound exclusive: as DynamoDbBackupStore does
    Instant upper = to == null ? null : to.plusSeconds(1);
    List<Backup> backups = new ArrayList<>();
    String start = null;
    do {
      String marker = start;
      SimulatedDynamoDb.Page page =
          call(
              target,
              Operation.LIST,
              () ->
                  aws.listBackups(
                      account(target), region(target), target.table(), from, upper, marker));
      backups.addAll(page.backups());
      start = page.lastEvaluatedBackupArn();
    } while (start != null);
    return backups.stream()
        .filter(b -> to == null || !b.createdAt().isAfter(to))
        .sorted(Comparator.comparing(Backup::createdAt))
        .toList();
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    call(
        target,
        Operation.DELETE,
        () -> {
          aws.deleteBackup(account(target), region(target), backupArn);
          return null;
        });
  }

  private <T> T call(TableTarget target, Operation op, Supplier<T> request) {
    if (quotas != null) {
      // as DynamoDbBackupStore: CreateBackup waits its turn, the others give the thread back
      Quotas.Key key = new Quotas.Key(Quotas.accountOf(target), region(target), op);
      try {
        if (op == Operation.CREATE) {
          quotas.acquire(key);
        } else {
          quotas.acquire(key, Quotas.LONGEST_WAIT_IN_A_RECONCILE);
        }
      } catch (RateLimiter.Busy e) {
        throw BackupStoreException.queued(op.awsName(), Duration.ofNanos(e.retryAfterNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackupStoreException(Failure.UNAVAILABLE, null, "interrupted", e);
      }
    }
    return request.get();
  }

  private static String account(TableTarget target) {
    String account = Quotas.accountOf(target);
    return "default".equals(account) ? SimulatedDynamoDb.ACCOUNT : account;
  }

  private static String region(TableTarget target) {
    return target.region() == null ? SimulatedDynamoDb.REGION : target.region();
  }
}
