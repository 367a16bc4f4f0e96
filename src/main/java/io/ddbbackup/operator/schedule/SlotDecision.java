package io.ddbbackup.operator.schedule;

import java.time.Instant;

/**
 * What to do now.
 *
 * @param action what to do with {@code slot}
 * @param slot the slot acted on (to be recorded as {@code lastScheduleTime} for both BACK_UP and
 *     SKIP_PAST_DEADLINE), or null for NONE
 * @param missed slots that will never get a backup of their own, to add to {@code missedCount}
 * @param nextSlot when to be woken for the next slot; null when suspended or when the schedule
 *     never fires again
 */
public record SlotDecision(Action action, Instant slot, long missed, Instant nextSlot) {

  /** The same decision once its slot has been acted on: nothing more is due before nextSlot. */
  public SlotDecision handled() {
    return new SlotDecision(Action.NONE, null, 0, nextSlot);
  }

  /** True when a slot is due, to back up or to skip. */
  public boolean due() {
    return action != Action.NONE;
  }

  public enum Action {
    /** Nothing is due. */
    NONE,
    /** Take the backup for {@code slot}. */
    BACK_UP,
    /** {@code slot} is past its starting deadline: record it as handled, take no backup. */
    SKIP_PAST_DEADLINE
  }
}
