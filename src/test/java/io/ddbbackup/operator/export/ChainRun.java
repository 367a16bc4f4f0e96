package io.ddbbackup.operator.export;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A schedule's chain driven by the planner over virtual time: a reconcile every minute, each export
 * completing a fixed time after it starts, and the operator down for a while when a test says so.
 * It records what was started and which gaps were reported; the tests judge that record against
 * what they compute from the cron and the clock themselves.
 */
final class ChainRun {

  /** An export as started: its window and the virtual instant of the call. */
  record Started(ExportWindow window, Instant at) {}

  static final Duration TICK = Duration.ofMinutes(1);

  private final ExportCadence cadence;
  private final Duration exportTakes;
  private final UnaryOperator<Instant> earliestRestorable;
  private final List<Started> started = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();
  private ExportChain chain;
  private Instant now;
  private Instant completesAt;

  ChainRun(
      ExportCadence cadence,
      Instant createdAt,
      Duration exportTakes,
      UnaryOperator<Instant> earliestRestorable) {
    this.cadence = cadence;
    this.exportTakes = exportTakes;
    this.earliestRestorable = earliestRestorable;
    this.chain = ExportChain.empty(createdAt);
    this.now = createdAt;
  }

  /** Reconciles once a minute until {@code end}. */
  ChainRun runUntil(Instant end) {
    while (now.isBefore(end)) {
      reconcile();
      now = now.plus(TICK);
    }
    return this;
  }

  /** The operator is down for {@code outage}: no reconcile, but exports in flight go on. */
  ChainRun down(Duration outage) {
    now = now.plus(outage);
    return this;
  }

  List<Started> started() {
    return started;
  }

  List<Gap> gaps() {
    return gaps;
  }

  Instant now() {
    return now;
  }

  private void reconcile() {
    if (chain.inFlight() != null && !now.isBefore(completesAt)) {
      chain = chain.completed();
    }
    while (true) {
      ExportDecision decision =
          ExportPlanner.plan(cadence, chain, earliestRestorable.apply(now), now);
      if (decision instanceof ExportDecision.SkipFullSlot skip) {
        chain = chain.skipped(skip);
        continue;
      }
      if (decision instanceof ExportDecision.Start start) {
        chain = chain.recorded(start);
        started.add(new Started(start.window(), now));
        if (start.gap() != null) {
          gaps.add(start.gap());
        }
        completesAt = now.plus(exportTakes);
      }
      return;
    }
  }
}
