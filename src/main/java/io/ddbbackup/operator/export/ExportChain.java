package io.ddbbackup.operator.export;

import java.time.Instant;
import java.util.Objects;

/**
 * A schedule's chain of exports as recorded in its status.
 *
 * @param createdAt when the schedule was created: full slots at or before it are not due
 * @param lastFullSlot the newest full-export slot acted on (exported or given up), or null
 * @param baseTime the export time of the newest full export that completed, or null: the chain's
 *     base
 * @param gapFreeThrough the end of the newest export of the chain that completed (the base's time,
 *     or an incremental window's end): every change up to it is in the bucket; null without a base
 * @param inFlight the export recorded and not yet completed (started, or about to be), or null
 */
public record ExportChain(
    Instant createdAt,
    Instant lastFullSlot,
    Instant baseTime,
    Instant gapFreeThrough,
    ExportWindow inFlight) {

  public ExportChain {
    Objects.requireNonNull(createdAt, "createdAt");
    if ((baseTime == null) != (gapFreeThrough == null)) {
      throw new IllegalArgumentException("a chain has both a base and a through-time, or neither");
    }
  }

  /** A schedule that has exported nothing yet. */
  public static ExportChain empty(Instant createdAt) {
    return new ExportChain(createdAt, null, null, null, null);
  }

  /**
   * The chain once {@code start} is recorded: the export is in flight, and a full slot it serves is
   * taken (never exported twice, as a backup slot is taken once recorded).
   */
  public ExportChain recorded(ExportDecision.Start start) {
    if (inFlight != null) {
      throw new IllegalStateException("an export is already in flight: " + inFlight);
    }
    Instant slot = start.fullSlot() != null ? start.fullSlot() : lastFullSlot;
    return new ExportChain(createdAt, slot, baseTime, gapFreeThrough, start.window());
  }

  /** The chain once a full slot outside the PITR window is given up. */
  public ExportChain skipped(ExportDecision.SkipFullSlot skip) {
    return new ExportChain(createdAt, skip.slot(), baseTime, gapFreeThrough, inFlight);
  }

  /** The chain once the export in flight completed: a full one is the new base. */
  public ExportChain completed() {
    if (inFlight == null) {
      throw new IllegalStateException("no export in flight");
    }
    if (inFlight.kind() == ExportKind.FULL) {
      return new ExportChain(createdAt, lastFullSlot, inFlight.to(), inFlight.to(), null);
    }
    return new ExportChain(createdAt, lastFullSlot, baseTime, inFlight.to(), null);
  }

  /**
   * The chain once the export in flight can never be made (its window left the PITR window, or
   * DynamoDB refused it for good): nothing is in flight, and the through-time stays where it was,
   * so the planner reports the gap when it starts the next base.
   */
  public ExportChain abandoned() {
    return new ExportChain(createdAt, lastFullSlot, baseTime, gapFreeThrough, null);
  }
}
