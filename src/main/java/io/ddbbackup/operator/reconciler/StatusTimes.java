package io.ddbbackup.operator.reconciler;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times in a resource's status: RFC 3339 in UTC with whole seconds, as Kubernetes writes its own.
 * The one place that formats and parses them, for every kind.
 */
public final class StatusTimes {

  private StatusTimes() {}

  public static String format(Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A time as written by {@link #format}, or by hand; null when absent or garbled. */
  public static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      // a hand-edited status must not wedge the resource: treat it as absent
      return null;
    }
  }

  /** {@code instant} to whole seconds, as it will read back from the status. */
  public static Instant seconds(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
  }
}
