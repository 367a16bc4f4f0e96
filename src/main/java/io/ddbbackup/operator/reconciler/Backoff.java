package io.ddbbackup.operator.reconciler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to come back. Following a CREATING backup starts fast (most are AVAILABLE within seconds)
 * and slows as it ages; failures back off exponentially with jitter so that many schedules failing
 * together do not retry in step.
 */
public final class Backoff {

  private final Duration followMin;
  private final Duration followMax;
  private final Duration failureBase;
  private final Duration failureMax;
  private final DoubleSupplier random;

  public Backoff(
      Duration followMin,
      Duration followMax,
      Duration failureBase,
      Duration failureMax,
      DoubleSupplier random) {
    this.followMin = followMin;
    this.followMax = followMax;
    this.failureBase = failureBase;
    this.failureMax = failureMax;
    this.random = random;
  }

  public static Backoff standard() {
    return new Backoff(
        Duration.ofSeconds(2),
        Duration.ofMinutes(1),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Next DescribeBackup for a backup created {@code age} ago: a quarter of its age, bounded. */
  public Duration follow(Duration age) {
    Duration quarter = age.dividedBy(4);
    if (quarter.compareTo(followMin) < 0) {
      return followMin;
    }
    return quarter.compareTo(followMax) > 0 ? followMax : quarter;
  }

  /**
   * Retry after the n-th consecutive failure: base·2^(n-1), capped, ±20% jitter; errors that need a
   * person (access denied, missing table) start four times slower.
   */
  public Duration failure(int consecutiveFailures, boolean transientFailure) {
    long base = failureBase.toMillis() * (transientFailure ? 1 : 4);
    int exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 20);
    long delay = Math.min(failureMax.toMillis(), base << exponent);
    double jitter = 0.8 + 0.4 * random.getAsDouble();
    return Duration.ofMillis(Math.max(1, (long) (delay * jitter)));
  }
}
