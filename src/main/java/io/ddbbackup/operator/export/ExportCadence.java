package io.ddbbackup.operator.export;

import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.text.UserText;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a schedule exports: a full export at each slot of {@code full} (a cron in the schedule's
 * time zone), and, when {@code incrementalPeriod} is set, incremental exports of that length
 * between them. Immutable.
 */
public record ExportCadence(CronSchedule full, Duration incrementalPeriod) {

  /** DynamoDB's shortest incremental export window. */
  public static final Duration MIN_PERIOD = Duration.ofMinutes(15);

  /** DynamoDB's longest incremental export window: also the longest catch-up window. */
  public static final Duration MAX_WINDOW = Duration.ofHours(24);

  private static final String FIELD = "spec.export.incrementalPeriod";

  private static final Pattern PERIOD = Pattern.compile("(?:(\\d{1,3})h)?(?:(\\d{1,5})m)?");

  public ExportCadence {
    Objects.requireNonNull(full, "full");
    if (incrementalPeriod != null
        && (incrementalPeriod.compareTo(MIN_PERIOD) < 0
            || incrementalPeriod.compareTo(MAX_WINDOW) > 0)) {
      throw new IllegalArgumentException("incremental period out of range: " + incrementalPeriod);
    }
  }

  public boolean incremental() {
    return incrementalPeriod != null;
  }

  /** The outcome of reading {@code spec.export.incrementalPeriod}: a period or a message. */
  public record PeriodParse(Duration period, String error) {}

  /**
   * Reads {@code spec.export.incrementalPeriod}: hours and minutes as in {@code 15m}, {@code 1h},
   * {@code 1h30m}, {@code 24h}, from 15 minutes to 24 hours (DynamoDB's bounds for an incremental
   * export). Null or empty: no incremental exports. Never throws.
   */
  public static PeriodParse parsePeriod(String text) {
    if (text == null || text.isEmpty()) {
      return new PeriodParse(null, null);
    }
    Matcher m = PERIOD.matcher(text);
    if (text.isBlank() || !m.matches()) {
      return new PeriodParse(
          null,
          FIELD
              + " "
              + UserText.quoted(text)
              + " is not a period: write hours and minutes, as 15m, 1h or 1h30m");
    }
    long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long minutes = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    Duration period = Duration.ofHours(hours).plusMinutes(minutes);
    if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_WINDOW) > 0) {
      return new PeriodParse(
          null,
          FIELD
              + " "
              + UserText.quoted(text)
              + " is outside DynamoDB's bounds for an incremental export: use 15m to 24h");
    }
    return new PeriodParse(period, null);
  }
}
