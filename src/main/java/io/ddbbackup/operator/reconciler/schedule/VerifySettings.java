package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
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
 * @param source what the drills restore: the newest backup, the export chain, or both
 */
public record VerifySettings(
    CronSchedule cron,
    int tolerancePercent,
    List<Map<String, String>> sampleKeys,
    Long maxTableSizeBytes,
    Duration timeout,
    Source source) {

  /** spec.verify.source. */
  public enum Source {
    BACKUP("backup"),
    EXPORT("export"),
    BOTH("both");

    private final String word;

    Source(String word) {
      this.word = word;
    }

    static Source of(String word) {
      for (Source s : values()) {
        if (s.word.equals(word)) {
          return s;
        }
      }
      return null;
    }
  }

  /** Whether the drills restore the newest backup. */
  public boolean drillsBackups() {
    return source != Source.EXPORT;
  }

  /** Whether the drills restore the export chain (spec.export). */
  public boolean drillsExports() {
    return source != Source.BACKUP;
  }

  /** The time between two drill slots around {@code now}; null for a cron that stops. */
  public Duration period(Instant now) {
    Instant next = cron.nextAfter(now).orElse(null);
    Instant after = next == null ? null : cron.nextAfter(next).orElse(null);
    return after == null ? null : Duration.between(next, after);
  }

  /** The drills of the schedule's spec.verify, or null when absent; problems name their field. */
  static VerifySettings parse(DynamoDBBackupScheduleSpec schedule, List<String> problems) {
    VerifySpec spec = schedule.getVerify();
    if (spec == null) {
      return null;
    }
    String timeZone = schedule.getTimeZone();
    Source source = source(spec, schedule.getExport() != null, problems);
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
            Duration.ofMinutes(minutes),
            source == null ? Source.BACKUP : source);
  }

  private static Source source(VerifySpec spec, boolean exports, List<String> problems) {
    Source source = spec.getSource() == null ? Source.BACKUP : Source.of(spec.getSource());
    if (source == null) {
      problems.add(
          "spec.verify.source must be backup, export or both, got \"%s\""
              .formatted(spec.getSource()));
    } else if (source != Source.BACKUP && !exports) {
      problems.add(
          "spec.verify.source %s drills the export chain, and the schedule has no spec.export:"
                  .formatted(spec.getSource())
              + " add spec.export, or set spec.verify.source to backup");
    }
    return source;
  }
}
