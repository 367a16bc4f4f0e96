package io.ddbbackup.operator.reconciler;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Status times are RFC 3339 strings in UTC with whole seconds, as Kubernetes writes its own. */
final class Times {

  private Times() {}

  static String format(Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      // a hand-edited status must not wedge the schedule: treat it as absent
      return null;
    }
  }
}
