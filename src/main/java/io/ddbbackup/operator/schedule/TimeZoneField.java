package io.ddbbackup.operator.schedule;

import io.ddbbackup.operator.text.UserText;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Reads {@code spec.timeZone}: an IANA zone id, UTC when absent. */
final class TimeZoneField {

  private TimeZoneField() {}

  /** The zone, or null with {@code problem} set. */
  record Result(ZoneId zone, String problem) {}

  static Result read(String timeZone) {
    if (timeZone == null || timeZone.isEmpty()) {
      return new Result(ZoneOffset.UTC, null);
    }
    // ZoneId.of also accepts "+02:00", "Z" and "GMT+2"; those have no daylight-saving rules and
    // usually mean the user wanted a region, so only ids from the tz database are taken.
    if (ZoneId.getAvailableZoneIds().contains(timeZone)) {
      return new Result(ZoneId.of(timeZone), null);
    }
    String field = "spec.timeZone " + UserText.quoted(timeZone);
    if (isFixedOffset(timeZone)) {
      return new Result(
          null,
          field
              + " is a fixed UTC offset, not an IANA time zone: use a region such as"
              + " \"Europe/Berlin\", or \"UTC\"");
    }
    return new Result(null, field + " is not a known IANA time zone");
  }

  private static boolean isFixedOffset(String timeZone) {
    try {
      return ZoneId.of(timeZone).getRules().isFixedOffset();
    } catch (DateTimeException | IllegalArgumentException e) {
      return false;
    }
  }
}
