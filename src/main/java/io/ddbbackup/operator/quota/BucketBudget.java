package io.ddbbackup.operator.quota;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A budget of S3 calls per export bucket, every operation together. S3 takes thousands of requests
 * a second per prefix, far above what a chain needs (a record per export, the protections now and
 * then); the budget is here so that a fleet of schedules exporting to one bucket, or a restore
 * reading a long chain, stays a polite client of a bucket that may be another account's. A call
 * waits at most {@link Quotas#LONGEST_WAIT_IN_A_RECONCILE} for its permit, otherwise it is not made
 * ({@link Failure#QUEUED}).
 */
public final class BucketBudget {

  /** Calls per second per bucket. */
  public static final double DEFAULT_RATE = 50;

  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final double perSecond;
  private final LongSupplier nanoTime;
  private final RateLimiter.Sleeper sleeper;

  public BucketBudget(double perSecond) {
    this(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** On a time of the caller's, as {@link Quotas}. */
  public BucketBudget(double perSecond, LongSupplier nanoTime, RateLimiter.Sleeper sleeper) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Takes a permit for {@code op} on {@code bucket}, or throws QUEUED saying when to return. */
  public void take(String bucket, Operation op) {
    RateLimiter limiter =
        limiters.computeIfAbsent(bucket, b -> new RateLimiter(perSecond, 1, nanoTime, sleeper));
    try {
      limiter.acquire(Quotas.LONGEST_WAIT_IN_A_RECONCILE.toNanos());
    } catch (RateLimiter.Busy e) {
      throw BackupStoreException.queued(op.awsName(), Duration.ofNanos(e.retryAfterNanos()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(
          Failure.UNAVAILABLE,
          null,
          op.awsName() + " interrupted waiting for the bucket budget",
          e);
    }
  }
}
