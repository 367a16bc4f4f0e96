package io.ddbbackup.operator.export;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides a chain's next export. A pure function of the cadence, the recorded chain, the PITR
 * window and the time; the reconciler records what it says before it calls DynamoDB.
 *
 * <ul>
 *   <li>A full export is due at each slot of the full cron after the last one acted on; missed
 *       slots collapse into the newest. Its export time is the slot itself.
 *   <li>With incremental exports, each window starts exactly where the chain is gap-free through
 *       and ends on that time plus a whole number of periods, at or before now: one period when on
 *       time, up to 24 hours of them when catching up after downtime.
 *   <li>Incremental windows due before a full slot are exported before the full export of that
 *       slot, so the old chain reaches the new base without a hole.
 *   <li>A window that starts before the earliest restorable time cannot be exported: the next
 *       export is a new base (the full slot if one is due, else the first point of the chain's grid
 *       inside the PITR window by {@link #REBASE_MARGIN}) and the lost span is reported as a gap.
 * </ul>
 */
public final class ExportPlanner {

  /**
   * How far inside the PITR window a new base between full slots is placed: the window's start
   * moves on while the call is on its way, and the earliest restorable time was read a while ago.
   */
  public static final Duration REBASE_MARGIN = Duration.ofMinutes(10);

  private ExportPlanner() {}

  /**
   * @param earliestRestorable the start of the table's PITR window, or null when PITR is off
   */
  public static ExportDecision plan(
      ExportCadence cadence, ExportChain chain, Instant earliestRestorable, Instant now) {
    return plan(cadence, chain, earliestRestorable, null, now);
  }

  /**
   * As {@link #plan(ExportCadence, ExportChain, Instant, Instant)}, with the table's latest
   * restorable time: DynamoDB refuses an export time (or a window's end) after it, and it trails
   * the clock (about five minutes, says the API reference). A slot is due only once the latest
   * restorable time has reached it; a wait is lengthened by the same lag.
   *
   * @param latestRestorable the table's latest restorable time, or null to plan on the clock alone
   */
  public static ExportDecision plan(
      ExportCadence cadence,
      ExportChain chain,
      Instant earliestRestorable,
      Instant latestRestorable,
      Instant now) {
    if (latestRestorable == null || !latestRestorable.isBefore(now)) {
      return planAt(cadence, chain, earliestRestorable, now);
    }
    Duration lag = Duration.between(latestRestorable, now);
    ExportDecision d = planAt(cadence, chain, earliestRestorable, latestRestorable);
    if (d instanceof ExportDecision.Wait w && w.wakeAt() != null) {
      return new ExportDecision.Wait(w.wakeAt().plus(lag));
    }
    return d;
  }

  private static ExportDecision planAt(
      ExportCadence cadence, ExportChain chain, Instant earliestRestorable, Instant now) {
    if (earliestRestorable == null) {
      return new ExportDecision.PitrOff();
    }
    if (chain.inFlight() != null) {
      return new ExportDecision.Busy(chain.inFlight());
    }
    Instant fullBase = chain.lastFullSlot() != null ? chain.lastFullSlot() : chain.createdAt();
    Optional<Instant> dueFull =
        cadence.full().latestAtOrBefore(now).filter(slot -> slot.isAfter(fullBase));
    Instant nextFull =
        cadence.full().nextAfter(fullBase.isAfter(now) ? fullBase : now).orElse(null);
    boolean chained = cadence.incremental() && chain.gapFreeThrough() != null;
    Instant through = chain.gapFreeThrough();
    boolean throughRestorable = chained && !through.isBefore(earliestRestorable);

    if (throughRestorable) {
      Optional<Instant> end = catchUpEnd(through, dueFull.orElse(now), cadence.incrementalPeriod());
      if (end.isPresent()) {
        return new ExportDecision.Start(ExportWindow.incremental(through, end.get()), null, null);
      }
    }
    if (dueFull.isPresent()) {
      Instant slot = dueFull.get();
      if (slot.isBefore(earliestRestorable)) {
        return new ExportDecision.SkipFullSlot(slot);
      }
      Gap gap = chained && !throughRestorable ? new Gap(through, slot) : null;
      return new ExportDecision.Start(ExportWindow.full(slot), slot, gap);
    }
    if (chained && !throughRestorable) {
      Instant base =
          firstGridPointAtOrAfter(
              through, earliestRestorable.plus(REBASE_MARGIN), cadence.incrementalPeriod());
      if (!base.isAfter(now)) {
        return new ExportDecision.Start(ExportWindow.full(base), null, new Gap(through, base));
      }
      return new ExportDecision.Wait(earlier(base, nextFull));
    }
    Instant nextWindowEnd = chained ? through.plus(cadence.incrementalPeriod()) : null;
    return new ExportDecision.Wait(earlier(nextWindowEnd, nextFull));
  }

  /**
   * The end of the next incremental window from {@code from}: the most whole periods that fit both
   * before {@code limit} and within 24 hours; empty when not one period fits.
   */
  static Optional<Instant> catchUpEnd(Instant from, Instant limit, Duration period) {
    if (limit.isBefore(from)) {
      return Optional.empty();
    }
    long periodSeconds = period.toSeconds();
    long fitting = Duration.between(from, limit).toSeconds() / periodSeconds;
    long periods = Math.min(fitting, ExportCadence.MAX_WINDOW.toSeconds() / periodSeconds);
    return periods < 1 ? Optional.empty() : Optional.of(from.plusSeconds(periods * periodSeconds));
  }

  private static Instant firstGridPointAtOrAfter(Instant origin, Instant atLeast, Duration period) {
    long periodSeconds = period.toSeconds();
    long behind = Duration.between(origin, atLeast).toSeconds();
    long periods = Math.max(0, (behind + periodSeconds - 1) / periodSeconds);
    Instant point = origin.plusSeconds(periods * periodSeconds);
    // whole seconds: a sub-second earliest time rounds the point up by one more period at most
    return point.isBefore(atLeast) ? point.plus(period) : point;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }
}
