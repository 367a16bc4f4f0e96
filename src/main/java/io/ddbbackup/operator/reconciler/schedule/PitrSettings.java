package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.PointInTimeRecoverySpec;
import io.ddbbackup.operator.restore.ContinuousBackups;
import java.util.List;

/**
 * spec.pointInTimeRecovery once checked.
 *
 * @param recoveryPeriodInDays the period asked for; null leaves DynamoDB's (35 days)
 * @param enforce undo a change made outside the operator (else only report it)
 */
public record PitrSettings(boolean enabled, Integer recoveryPeriodInDays, boolean enforce) {

  /** The settings of {@code spec}, or null when absent (not managed); problems name the field. */
  static PitrSettings parse(PointInTimeRecoverySpec spec, List<String> problems) {
    if (spec == null) {
      return null;
    }
    String field = "spec.pointInTimeRecovery";
    if (spec.getEnabled() == null) {
      problems.add(
          field
              + ".enabled is required: true to turn point-in-time recovery on, false"
              + " to turn it off (remove spec.pointInTimeRecovery to leave it alone)");
      return null;
    }
    Integer days = spec.getRecoveryPeriodInDays();
    if (days != null && (days < 1 || days > 35)) {
      problems.add(field + ".recoveryPeriodInDays must be 1 to 35 days, got " + days);
    }
    if (days != null && !spec.getEnabled()) {
      problems.add(
          field
              + ".recoveryPeriodInDays applies only with enabled: true; remove it or set"
              + " enabled: true");
    }
    return new PitrSettings(spec.getEnabled(), days, !Boolean.FALSE.equals(spec.getEnforce()));
  }

  /** Whether the table's point-in-time recovery is as these settings say. */
  boolean matches(ContinuousBackups seen) {
    if (!enabled) {
      return !seen.on();
    }
    return seen.on()
        && (recoveryPeriodInDays == null
            || seen.recoveryPeriodInDays() == null
            || recoveryPeriodInDays.equals(seen.recoveryPeriodInDays()));
  }

  /** How the settings read in messages, e.g. "enabled (7 days)". */
  String describe() {
    if (!enabled) {
      return "disabled";
    }
    return recoveryPeriodInDays == null
        ? "enabled"
        : "enabled (%d days)".formatted(recoveryPeriodInDays);
  }
}
