package io.ddbbackup.operator.export;

import java.time.Instant;

/** What a schedule's chain of exports does now. */
public sealed interface ExportDecision
    permits ExportDecision.Start,
        ExportDecision.SkipFullSlot,
        ExportDecision.Wait,
        ExportDecision.Busy,
        ExportDecision.PitrOff {

  /**
   * Record {@code window} in status, then start its export.
   *
   * @param fullSlot the cron slot a full export serves (its export time), or null for a new base
   *     that follows a gap between slots
   * @param gap the changes the chain lost, reported when this export is recorded; or null
   */
  record Start(ExportWindow window, Instant fullSlot, Gap gap) implements ExportDecision {}

  /**
   * A full slot that lies before the earliest restorable time (point-in-time recovery was turned on
   * after it): it cannot be exported at its own time and is given up.
   */
  record SkipFullSlot(Instant slot) implements ExportDecision {}

  /** Nothing is due before {@code wakeAt} (null: never, the cron does not fire again). */
  record Wait(Instant wakeAt) implements ExportDecision {}

  /** An export is in flight: follow it; at most one per schedule. */
  record Busy(ExportWindow inFlight) implements ExportDecision {}

  /** Point-in-time recovery is off: no export is possible until it is on. */
  record PitrOff() implements ExportDecision {}
}
