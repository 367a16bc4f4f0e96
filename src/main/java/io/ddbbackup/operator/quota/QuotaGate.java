package io.ddbbackup.operator.quota;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * DynamoDB's control-plane quotas, kept on our side: every call, each ListBackups page included,
 * takes a permit of its (account, region, operation) limiter first. A CreateBackup or a restore
 * waits its turn (a slot's punctuality depends on it); the other calls wait at most {@link
 * Quotas#longestWaitInAReconcile} (one second; none for DescribeTable) and are otherwise not made
 * ({@link Failure#QUEUED}), so a reconcile thread is given back instead of parking in a long queue.
 *
 * <p>CreateBackup and the restores are made once by the SDK (no idempotency token: after a 5xx or a
 * timeout the backup or table may exist, and the reconcilers look it up instead). A refusal
 * (throttling, LimitExceededException) had no effect, so those calls are tried again here, each
 * attempt with a new permit.
 */
public final class QuotaGate implements CallWrapper {

  /** The calls the SDK makes once: a refusal of theirs is retried here. */
  private static final Set<Operation> MADE_ONCE =
      EnumSet.of(
          Operation.CREATE, Operation.RESTORE_FROM_BACKUP, Operation.RESTORE_TO_POINT_IN_TIME);

  /**
   * How refused calls are retried: exponential backoff with full jitter, as the SDK's throttling
   * backoff.
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
  public QuotaGate(Quotas quotas, Function<TableTarget, String> regionOf, RefusalRetry retry) {
    this.quotas = quotas;
    this.regionOf = regionOf;
    this.retry = retry;
  }

  @Override
  public <T> T around(Operation op, TableTarget target, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      permit(op, target);
      try {
        return call.get();
      } catch (BackupStoreException e) {
        boolean refused = e.failure() == Failure.THROTTLED || e.failure() == Failure.LIMIT_EXCEEDED;
        if (!refused || !MADE_ONCE.contains(op) || attempt >= retry.maxAttempts()) {
          throw e;
        }
        pause(op, attempt);
      }
    }
  }

  private void permit(Operation op, TableTarget target) {
    if (!quotas.limits(op)) {
      return; // a data-plane read: the table's own capacity limits it, not a control-plane quota
    }
    Quotas.Key key = new Quotas.Key(Quotas.accountOf(target), regionOf.apply(target), op);
    try {
      if (MADE_ONCE.contains(op)) {
        quotas.acquire(key);
      } else {
        quotas.acquire(key, Quotas.longestWaitInAReconcile(op));
      }
    } catch (RateLimiter.Busy e) {
      throw BackupStoreException.queued(op.awsName(), Duration.ofNanos(e.retryAfterNanos()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, op.awsName() + " interrupted waiting for the rate limit", e);
    }
  }

  private void pause(Operation op, int attempt) {
    long cap =
        Math.min(
            retry.maxDelay().toMillis(), retry.baseDelay().toMillis() << Math.min(attempt - 1, 20));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, op.awsName() + " interrupted while backing off", e);
    }
  }
}
