package io.ddbbackup.operator.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times as kubectl shows them: an age ({@code 7h}, {@code 40d}) rather than a timestamp. */
public final class Age {

  private Age() {}

  /** A status time (RFC 3339), or null when absent or unreadable. */
  public static Instant parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** How long ago {@code then} was, in kubectl's short form; {@code -} when unknown. */
  public static String since(Instant then, Instant now) {
    return then == null ? "-" : human(Duration.between(then, now));
  }

  /** How long until {@code then}: {@code in 3h}, or {@code due} when it has passed. */
  public static String until(Instant then, Instant now) {
    if (then == null) {
      return "-";
    }
    Duration left = Duration.between(now, then);
    return left.isNegative() || left.isZero() ? "due" : "in " + human(left);
  }

  /** One unit, rounded down, like kubectl's AGE column: 45s, 12m, 7h, 40d, 2y. */
  public static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 3 * 3600) {
      return s / 60 + "m";
    }
    if (s < 48 * 3600) {
      return s / 3600 + "h";
    }
    if (s < 365L * 86400 * 2) {
      return s / 86400 + "d";
    }
    return s / (365L * 86400) + "y";
  }
}
