package io.ddbbackup.operator.quota;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A blocking token bucket: {@code permitsPerSecond} refill, up to one second's worth stored. Each
 * caller reserves its slot under a fair lock and then sleeps outside it, so callers are served in
 * arrival order and nobody spins.
 */
public final class RateLimiter {

  /** How a caller waits; tests pass one that advances their fake time instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final double intervalNanos;
  private final double maxPermits;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock(true);
  private double storedPermits;
  private long nextFreeNanos;
  private long retryTailNanos;

  /** The permit would not be free within the caller's limit; nothing was booked. */
  public static final class Busy extends Exception {
    private final long retryAfterNanos;

    Busy(long retryAfterNanos) {
      super("rate limit queue is busy", null, false, false);
      this.retryAfterNanos = retryAfterNanos;
    }

    /** When to try again: refused callers are spread one permit apart, so they return in turn. */
    public long retryAfterNanos() {
      return retryAfterNanos;
    }
  }

  public RateLimiter(double permitsPerSecond) {
    this(permitsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  public RateLimiter(double permitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    // one permit, not a second's worth: a stored second plus the next second's refill would let
    // twice the quota through within one second, which DynamoDB answers with ThrottlingException
    this(permitsPerSecond, 1, nanoTime, sleeper);
  }

  /**
   * A bucket holding at most {@code maxBurst} permits (at least one) instead of a second's worth.
   */
  public RateLimiter(double permitsPerSecond, double maxBurst) {
    this(permitsPerSecond, maxBurst, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** {@link #RateLimiter(double, double)} on the given time and sleeper. */
  public RateLimiter(
      double permitsPerSecond, double maxBurst, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("permitsPerSecond must be positive");
    }
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / permitsPerSecond;
    this.maxPermits = Math.max(1, maxBurst);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.storedPermits = maxPermits; // start full: a fresh operator may use its first second
    this.nextFreeNanos = nanoTime.getAsLong();
  }

  /** Takes one permit, waiting as long as needed. */
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }

  /**
   * Takes one permit if it is free within {@code maxWaitNanos}, waiting for it; otherwise books
   * nothing and throws {@link Busy}, so that a caller with other work (a reconcile thread) need not
   * sit in a long queue.
   */
  public void acquire(long maxWaitNanos) throws InterruptedException, Busy {
    long wait = reserve(maxWaitNanos);
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }

  /** Books one permit and returns how many nanoseconds the caller must wait before using it. */
  long reserve() {
    try {
      return reserve(Long.MAX_VALUE);
    } catch (Busy e) {
      throw new IllegalStateException(e);
    }
  }

  private long reserve(long maxWaitNanos) throws Busy {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      if (now > nextFreeNanos) {
        storedPermits = Math.min(maxPermits, storedPermits + (now - nextFreeNanos) / intervalNanos);
        nextFreeNanos = now;
      }
      // a permit not in the bucket is booked at the moment the refill produces it
      double fromStore = Math.min(1, storedPermits);
      long wait = nextFreeNanos + (long) ((1 - fromStore) * intervalNanos) - now;
      if (wait > maxWaitNanos) {
        long retryAt = Math.max(retryTailNanos, now + wait);
        retryTailNanos = retryAt + (long) intervalNanos;
        throw new Busy(retryAt - now);
      }
      storedPermits -= fromStore;
      nextFreeNanos += (long) ((1 - fromStore) * intervalNanos);
      return Math.max(0, nextFreeNanos - now);
    } finally {
      lock.unlock();
    }
  }
}
