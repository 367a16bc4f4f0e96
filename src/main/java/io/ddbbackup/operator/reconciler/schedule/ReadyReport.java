package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The Ready condition, built once at the end of a reconcile from what happened in it. A condition
 * keeps its lastTransitionTime while its status holds ({@link Conditions}); a reconcile in which
 * nothing happened leaves a condition that already tells the news as it is.
 */
final class ReadyReport {

  private ReadyReport() {}

  /**
   * The schedule's conditions after a reconcile.
   *
   * @param news what the reconcile reports; null when nothing happened worth reporting
   * @param queued a call waits for its turn in the rate-limit queue: nothing happened
   * @param nextSlot the next slot, to say when the next backup is due
   */
  static List<Condition> conditions(
      ScheduleState state,
      Step.News news,
      boolean queued,
      boolean suspended,
      Instant nextSlot,
      Long generation,
      Instant now) {
    ReadyReason idle = suspended ? ReadyReason.SUSPENDED : ReadyReason.SCHEDULED;
    if (news == null && (queued || alreadyTold(state, idle, generation))) {
      return state.conditions();
    }
    Step.News told = news;
    if (news == null || news.reason() == ReadyReason.SCHEDULED) {
      String outlook =
          suspended
              ? "suspended: no scheduled backups until spec.suspend is false"
              : nextSlot == null
                  ? "the schedule has no further slots"
                  : "next backup at " + StatusTimes.format(nextSlot);
      told =
          new Step.News(idle, news == null ? capitalize(outlook) : news.message() + "; " + outlook);
    }
    return Conditions.withReady(state.conditions(), told.reason(), told.message(), generation, now);
  }

  /**
   * The conditions of a slot record written before CreateBackup: Ready says the backup is CREATING
   * already, so the record can stand until the outcome is written.
   */
  static List<Condition> backingUp(ScheduleState state, String name, Long generation, Instant now) {
    return Conditions.withReady(
        state.conditions(),
        ReadyReason.BACKING_UP,
        "Backup %s is CREATING".formatted(name),
        generation,
        now);
  }

  /** The conditions of a schedule the operator does not act on, for {@code reason}. */
  static List<Condition> notActing(
      ScheduleState state, ReadyReason reason, String message, Long generation, Instant now) {
    return Conditions.withReady(state.conditions(), reason, message, generation, now);
  }

  /** The condition is of this generation and still true: a failure not recovered, or idle. */
  private static boolean alreadyTold(ScheduleState state, ReadyReason idle, Long generation) {
    Condition current = Conditions.ready(state.conditions());
    return current != null
        && Objects.equals(generation, current.getObservedGeneration())
        && ((state.consecutiveFailures() > 0 && "False".equals(current.getStatus()))
            || idle.reason().equals(current.getReason()));
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
