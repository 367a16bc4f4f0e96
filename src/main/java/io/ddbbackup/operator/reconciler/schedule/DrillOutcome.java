package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.reconciler.ResourceEvents;

/**
 * How a drill's end is told: its result becomes the last one in status, an Event, the drill
 * metrics, and the Verified condition (True when it passed, False when it failed, Unknown when it
 * was skipped). A drill's trouble is told here, never in Ready: backups are not at fault.
 */
final class DrillOutcome {

  static final String VERIFIED = "Verified";

  // the Verified condition's reasons (docs/reference.md; config/argocd/health.lua reads them)
  static final String PASSED = "Passed";
  static final String FAILED = "Failed";
  static final String SKIPPED = "Skipped";
  static final String DRILL_ERROR = "DrillError";

  private final ResourceEvents events;
  private final ScheduleMetrics metrics;

  DrillOutcome(ResourceEvents events, ScheduleMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  Step skipped(Step step, String backupName, String why) {
    return ended(step, backupName, SKIPPED, why, null);
  }

  Step ended(Step step, String backupName, String result, String message, Long seconds) {
    Verification done =
        step.state().verification().ended(backupName, step.now(), result, message, seconds);
    boolean passed = PASSED.equals(result);
    String text =
        passed
            ? "Backup %s restored in %ds and passed: %s".formatted(backupName, seconds, message)
            : "%s: %s".formatted(result, message);
    if (passed) {
      events.normal(step.resource(), "DrillPassed", text);
    } else {
      events.warning(step.resource(), "Drill" + result, text);
    }
    metrics.drillFinished(step.metricsKey(), "backup", result, seconds);
    String status = passed ? "True" : SKIPPED.equals(result) ? "Unknown" : "False";
    return verified(withVerification(step, done), status, result, text);
  }

  /** A drill asked for that cannot run: a Warning Event; the last drill's result stays. */
  void refused(Step step, String why) {
    events.warning(step.resource(), "DrillNotPossible", why);
  }

  /** The Verified condition; its lastTransitionTime moves only when its status does. */
  Step verified(Step step, String status, String reason, String message) {
    return step.withCondition(VERIFIED, status, reason, message);
  }

  static Step withDrill(Step step, Verification.Drill drill) {
    return withVerification(step, step.state().verification().withDrill(drill));
  }

  static Step withVerification(Step step, Verification v) {
    return step.with(step.state().with(s -> s.verification = v));
  }
}
