package io.ddbbackup.operator.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Decides which slot, if any, a schedule acts on now. Pure functions of their arguments. */
public final class SlotPlanner {

  /**
   * Missed slots are counted up to this many and the count saturates there; counting costs time in
   * proportion to the days covered, so even this many is quick to reach.
   */
  public static final long MAX_COUNTED_SLOTS = 100_000;

  /** Why a recorded slot whose backup was never made is given up instead of backed up late. */
  public enum GiveUp {
    /** It is older than startingDeadlineSeconds. */
    PAST_DEADLINE,
    /** A newer slot is due: it takes the backup instead. */
    NEWER_SLOT_DUE
  }

  private SlotPlanner() {}

  public static SlotDecision plan(CronSchedule cron, SlotState state, Instant now) {
    // suspend wins over immediate: the first backup waits until the schedule is resumed
    if (state.immediate()
        && !state.suspend()
        && !state.anyBackupStarted()
        && state.lastScheduleTime() == null) {
      return new SlotDecision(
          SlotDecision.Action.BACK_UP,
          now.truncatedTo(ChronoUnit.SECONDS),
          0,
          cron.nextAfter(now).orElse(null));
    }
    if (state.suspend()) {
      // No wake-ups while suspended. On resume the slots missed meanwhile are due like any
      // others and collapse into one backup of the newest, subject to the deadline, as with
      // Velero and the Kubernetes CronJob controller.
      return new SlotDecision(SlotDecision.Action.NONE, null, 0, null);
    }
    Instant base = state.lastScheduleTime() != null ? state.lastScheduleTime() : state.createdAt();
    // a creation time ahead of our clock must not make us wake for a slot that cannot be due
    Instant wakeAfter = base.isAfter(now) ? base : now;
    Instant nextSlot = cron.nextAfter(wakeAfter).orElse(null);
    Instant slot = cron.latestAtOrBefore(now).filter(s -> s.isAfter(base)).orElse(null);
    if (slot == null) {
      return new SlotDecision(SlotDecision.Action.NONE, null, 0, nextSlot);
    }
    // one more than the cap, so that "the newest plus MAX_COUNTED_SLOTS missed" is exact
    long due = cron.slotsBetween(base, slot, MAX_COUNTED_SLOTS + 1);
    if (pastDeadline(slot, now, state.startingDeadlineSeconds())) {
      return new SlotDecision(
          SlotDecision.Action.SKIP_PAST_DEADLINE, slot, Math.min(due, MAX_COUNTED_SLOTS), nextSlot);
    }
    return new SlotDecision(SlotDecision.Action.BACK_UP, slot, due - 1, nextSlot);
  }

  /**
   * A scheduled slot was recorded but its backup does not exist (CreateBackup failed, or the
   * process died before calling it): is it too late to make it now? Empty means back it up now.
   */
  public static Optional<GiveUp> giveUpRecordedSlot(
      CronSchedule cron, Instant slot, Instant now, Long startingDeadlineSeconds) {
    if (pastDeadline(slot, now, startingDeadlineSeconds)) {
      return Optional.of(GiveUp.PAST_DEADLINE);
    }
    boolean newerDue = cron.nextAfter(slot).map(next -> !next.isAfter(now)).orElse(false);
    return newerDue ? Optional.of(GiveUp.NEWER_SLOT_DUE) : Optional.empty();
  }

  /** True when {@code now} is later than the slot's starting deadline; no deadline, never. */
  public static boolean pastDeadline(Instant slot, Instant now, Long startingDeadlineSeconds) {
    return startingDeadlineSeconds != null
        && now.isAfter(slot.plusSeconds(startingDeadlineSeconds));
  }
}
