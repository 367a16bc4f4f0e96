package io.ddbbackup.operator.aws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A blocking token bucket: {@code permitsPerSecond} refill, at most one permit stored. Each caller
 * reserves its slot under a fair lock and then sleeps outside it, so callers are served in arrival
 * order and nobody spins.
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

  public RateLimiter(double permitsPerSecond) {
    this(permitsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  public RateLimiter(double permitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("permitsPerSecond must be positive");
    }
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / permitsPerSecond;
    // one permit, not a second's worth: a stored second plus the next second's refill would let
    // twice the quota through within one second, which DynamoDB answers with ThrottlingException
    this.maxPermits = 1;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.storedPermits = maxPermits;
    this.nextFreeNanos = nanoTime.getAsLong();
  }

  /** Takes one permit, waiting as long as needed. */
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }

  /** Books one permit and returns how many nanoseconds the caller must wait before using it. */
  long reserve() {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      if (now > nextFreeNanos) {
        storedPermits = Math.min(maxPermits, storedPermits + (now - nextFreeNanos) / intervalNanos);
        nextFreeNanos = now;
      }
      // a permit not in the bucket is booked at the moment the refill produces it
      double fromStore = Math.min(1, storedPermits);
      storedPermits -= fromStore;
      nextFreeNanos += (long) ((1 - fromStore) * intervalNanos);
      return Math.max(0, nextFreeNanos - now);
    } finally {
      lock.unlock();
    }
  }
}
