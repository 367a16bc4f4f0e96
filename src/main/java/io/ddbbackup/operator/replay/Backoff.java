package io.ddbbackup.operator.replay;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter for writes DynamoDB did not take: the n-th retry in a row
 * without progress waits a random time in [0, min(max, base·2ⁿ)). After {@code attempts} such
 * retries the replay stops with the last failure (exit 1: the Job runs the pod again).
 *
 * @param base the first retry's ceiling
 * @param max no wait is longer
 * @param attempts retries in a row without a single item written before giving up
 */
public record Backoff(Duration base, Duration max, int attempts) {

  /** 50 ms doubling to 10 s, 12 retries in a row: about a minute of throttling before exit 1. */
  public static Backoff defaults() {
    return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(10), 12);
  }

  public Backoff {
    if (attempts < 1 || base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs attempts ≥ 1 and 0 ≤ base ≤ max");
    }
  }

  /** The wait before retry {@code n} (0-based), with {@code random} in [0, 1). */
  public long delayNanos(int n, DoubleSupplier random) {
    long ceiling = base.toNanos() << Math.min(n, 30);
    if (ceiling <= 0 || ceiling > max.toNanos()) {
      ceiling = max.toNanos();
    }
    return (long) (random.getAsDouble() * ceiling);
  }
}
