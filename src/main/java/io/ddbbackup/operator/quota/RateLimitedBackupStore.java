package io.ddbbackup.operator.quota;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreDecorator;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link BackupStore} behind DynamoDB's control-plane quotas: every call, each ListBackups page
 * included, takes a permit of its (account, region, operation) limiter first. CreateBackup waits
 * its turn (a slot's punctuality depends on it); the other calls wait at most {@link
 * Quotas#LONGEST_WAIT_IN_A_RECONCILE} and are otherwise not made ({@link Failure#QUEUED}), so a
 * reconcile thread is given back instead of parking in a long queue.
 *
 * <p>A CreateBackup that DynamoDB refused (throttling, LimitExceededException) had no effect and is
 * tried again here, each attempt with a new permit. Nothing else is retried: CreateBackup has no
 * idempotency token, and after a 5xx or a timeout the backup may exist; the reconciler looks its
 * name up instead.
 */
public final class RateLimitedBackupStore extends BackupStoreDecorator {

  /**
   * How refused CreateBackups are retried: exponential backoff with full jitter, as the SDK's
   * throttling backoff.
   *
   * @param maxAttempts attempts, the first included
   * @param baseDelay the cap of the first pause, doubled each attempt
   * @param maxDelay the cap of any pause
   */
  public record RefusalRetry(int maxAttempts, Duration baseDelay, Duration maxDelay) {}

  private final Quotas quotas;
  private final Function<TableTarget, String> regionOf;
  private final RefusalRetry retry;

  /**
   * @param regionOf the region a call to this target goes to (the operator's own when the target
   *     names none), which with the account picks the limiter
   */
  public RateLimitedBackupStore(
      BackupStore delegate,
      Quotas quotas,
      Function<TableTarget, String> regionOf,
      RefusalRetry retry) {
    super(delegate);
    this.quotas = quotas;
    this.regionOf = regionOf;
    this.retry = retry;
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    for (int attempt = 1; ; attempt++) {
      try {
        return super.create(target, backupName);
      } catch (BackupStoreException e) {
        boolean refused = e.failure() == Failure.THROTTLED || e.failure() == Failure.LIMIT_EXCEEDED;
        if (!refused || attempt >= retry.maxAttempts()) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  @Override
  protected <T> T around(Operation op, TableTarget target, Supplier<T> call) {
    Quotas.Key key = new Quotas.Key(Quotas.accountOf(target), regionOf.apply(target), op);
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
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, op.awsName() + " interrupted waiting for the rate limit", e);
    }
    return call.get();
  }

  private void pause(int attempt) {
    long cap =
        Math.min(
            retry.maxDelay().toMillis(), retry.baseDelay().toMillis() << Math.min(attempt - 1, 20));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, "CreateBackup interrupted while backing off", e);
    }
  }
}
