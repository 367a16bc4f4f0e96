package io.ddbbackup.operator.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;

/**
 * The calendar periods of the grandfather-father-son rules. Periods are taken in the schedule's
 * zone because "one backup per day" means the user's day: a backup at 23:30 UTC belongs to the next
 * day in Berlin.
 */
enum CalendarBucket {
  DAY {
    @Override
    Object of(LocalDate date) {
      return date;
    }
  },
  /** ISO week: 29 December can belong to the next year's week 1. */
  WEEK {
    @Override
    Object of(LocalDate date) {
      return new IsoWeek(
          date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
  },
  MONTH {
    @Override
    Object of(LocalDate date) {
      return YearMonth.from(date);
    }
  };

  /** A value equal for exactly the instants in the same period. */
  Object of(Instant instant, ZoneId zone) {
    return of(LocalDate.ofInstant(instant, zone));
  }

  abstract Object of(LocalDate date);

  private record IsoWeek(int weekBasedYear, int week) {}
}
