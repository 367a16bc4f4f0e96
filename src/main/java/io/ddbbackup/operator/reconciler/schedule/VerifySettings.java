package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.VerifySpec;
import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.schedule.ScheduleParse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * spec.verify once checked.
 *
 * @param cron when drills run, in the schedule's time zone
 * @param sampleKeys primary keys that must exist, attribute to value as the user wrote them
 * @param maxTableSizeBytes a larger backup is skipped; null for no limit
 */
public record VerifySettings(
    CronSchedule cron,
    int tolerancePercent,
    List<Map<String, String>> sampleKeys,
    Long maxTableSizeBytes,
    Duration timeout) {

  /** The time between two drill slots around {@code now}; null for a cron that stops. */
  public Duration period(Instant now) {
    Instant next = cron.nextAfter(now).orElse(null);
    Instant after = next == null ? null : cron.nextAfter(next).orElse(null);
    return after == null ? null : Duration.between(next, after);
  }

  /** The drills of {@code spec}, or null when absent; problems name their field. */
  static VerifySettings parse(VerifySpec spec, String timeZone, List<String> problems) {
    if (spec == null) {
      return null;
    }
    ScheduleParse parsed = CronSchedule.parse(spec.getSchedule(), timeZone);
    parsed
        .errorMessage()
        .ifPresent(m -> problems.add(m.replace("spec.schedule", "spec.verify.schedule")));
    List<Map<String, String>> keys =
        spec.getSampleKeys() == null ? List.of() : spec.getSampleKeys();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) == null || keys.get(i).isEmpty()) {
        problems.add("spec.verify.sampleKeys[%d] is empty: give the key's attributes".formatted(i));
      }
    }
    int tolerance =
        spec.getItemCountTolerancePercent() == null ? 5 : spec.getItemCountTolerancePercent();
    if (tolerance < 0 || tolerance > 100) {
      problems.add(
          "spec.verify.itemCountTolerancePercent must be between 0 and 100, got " + tolerance);
    }
    int minutes = spec.getTimeoutMinutes() == null ? 60 : spec.getTimeoutMinutes();
    if (minutes < 1) {
      problems.add("spec.verify.timeoutMinutes must be at least 1, got " + minutes);
    }
    return parsed.validSchedule().isEmpty()
        ? null
        : new VerifySettings(
            parsed.validSchedule().get(),
            tolerance,
            List.copyOf(keys),
            spec.getMaxTableSizeBytes(),
            Duration.ofMinutes(minutes));
  }
}
