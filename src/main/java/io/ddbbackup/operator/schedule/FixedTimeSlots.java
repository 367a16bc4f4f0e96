package io.ddbbackup.operator.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * A fixed-time job runs once per local match: a time skipped by spring-forward runs at the
 * transition instant (right after the jump, so several skipped times collapse into one slot), a
 * time repeated by fall-back runs only at its first, earlier-offset occurrence. The mapping from
 * local match to instant is therefore monotone, which is what lets the searches below work on local
 * time alone.
 */
final class FixedTimeSlots implements SlotRule {

  private final WallClockCron cron;
  private final ZoneRules rules;

  FixedTimeSlots(WallClockCron cron, ZoneRules rules) {
    this.cron = cron;
    this.rules = rules;
  }

  @Override
  public List<Instant> instantsOf(LocalDateTime local) {
    return List.of(instantOf(local));
  }

  @Override
  public Instant nextAfter(Instant after) {
    return cron.firstAfter(localSearchPoint(after)).map(this::instantOf).orElse(null);
  }

  @Override
  public Instant latestAtOrBefore(Instant at) {
    return cron.latestAtOrBefore(localSearchPoint(at)).map(this::instantOf).orElse(null);
  }

  private Instant instantOf(LocalDateTime local) {
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition == null) {
      return local.toInstant(rules.getOffset(local));
    }
    return transition.isGap()
        ? transition.getInstant()
        : local.toInstant(transition.getOffsetBefore());
  }

  /**
   * The local time whose matches up to and including it are exactly the slots up to {@code
   * instant}. During the second pass of a repeated hour every repeated local time already had its
   * slot in the first pass, so that is the end of the repeated hour rather than the clock time.
   */
  private LocalDateTime localSearchPoint(Instant instant) {
    ZoneOffset offset = rules.getOffset(instant);
    LocalDateTime local = LocalDateTime.ofInstant(instant, offset);
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition != null
        && transition.isOverlap()
        && offset.equals(transition.getOffsetAfter())) {
      return transition.getDateTimeBefore().minusSeconds(1);
    }
    return local;
  }
}
