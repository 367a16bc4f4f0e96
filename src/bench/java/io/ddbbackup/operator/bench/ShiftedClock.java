package io.ddbbackup.operator.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The real clock moved on by a settable offset: a run "tomorrow" without waiting a day. */
final class ShiftedClock extends Clock {

  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  ShiftedClock(Clock base) {
    this.base = base;
  }

  void shift(Duration by) {
    offset = offset.plus(by);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
