package io.ddbbackup.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Turns the instant a reconcile asks to be woken at into the delay JOSDK's timer takes. */
public final class Wake {

  private Wake() {}

  /**
   * The delay from now until {@code at}, rounded up to the millisecond that JOSDK's timer counts
   * in: rounded down, the timer would fire just before a slot, find nothing due and go round again.
   * An instant is turned into a delay only when the reconcile is over: one that spent a second on
   * AWS and status writes would otherwise wake a second late.
   */
  public static Duration delayUntil(Clock clock, Instant at) {
    Duration delay = Duration.between(clock.instant(), at);
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    long millis = delay.toMillis();
    return Duration.ofMillis(delay.equals(Duration.ofMillis(millis)) ? millis : millis + 1);
  }
}
