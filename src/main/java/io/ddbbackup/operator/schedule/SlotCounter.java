package io.ddbbackup.operator.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Counts slots a day at a time instead of slot by slot: asking cron-utils for each slot costs tens
 * of microseconds, and a minutely schedule missed for a year has half a million of them. A day that
 * fires and is untouched by daylight saving and by the ends of the range holds exactly {@code
 * timesOfDay} slots; only the other days are listed slot by slot.
 */
final class SlotCounter {

  /** Offsets lie within ±18 hours, so a local day's instants lie within this of its UTC day. */
  private static final Duration MAX_OFFSET = Duration.ofHours(18);

  private final WallClockCron cron;
  private final SlotRule rule;
  private final ZoneRules rules;

  SlotCounter(WallClockCron cron, SlotRule rule, ZoneRules rules) {
    this.cron = cron;
    this.rule = rule;
    this.rules = rules;
  }

  long count(Instant after, Instant atOrBefore, long cap) {
    if (!atOrBefore.isAfter(after) || cap <= 0) {
      return 0;
    }
    List<LocalTime> timesOfDay = cron.timesOfDay();
    LocalDate lastDay = LocalDate.ofInstant(atOrBefore, ZoneOffset.UTC).plusDays(1);
    LocalDateTime cursor =
        LocalDate.ofInstant(after, ZoneOffset.UTC).minusDays(1).atStartOfDay().minusSeconds(1);
    long wholeDays = 0;
    // a local time lies within MAX_OFFSET of its instants: local times outside these bounds are
    // skipped without asking the zone rules, which is most of a minutely day
    LocalDateTime from = LocalDateTime.ofInstant(after.minus(MAX_OFFSET), ZoneOffset.UTC);
    LocalDateTime to = LocalDateTime.ofInstant(atOrBefore.plus(MAX_OFFSET), ZoneOffset.UTC);
    // a set, because fixed-time matches skipped by spring-forward share one slot
    Set<Instant> listed = new HashSet<>();
    while (wholeDays + listed.size() < cap) {
      Optional<LocalDateTime> match = cron.firstAfter(cursor);
      if (match.isEmpty() || match.get().toLocalDate().isAfter(lastDay)) {
        break;
      }
      LocalDate day = match.get().toLocalDate();
      if (isPlain(day, after, atOrBefore)) {
        wholeDays += timesOfDay.size();
      } else {
        for (LocalTime time : timesOfDay) {
          LocalDateTime local = day.atTime(time);
          if (local.isBefore(from) || local.isAfter(to)) {
            continue;
          }
          for (Instant slot : rule.instantsOf(local)) {
            if (slot.isAfter(after) && !slot.isAfter(atOrBefore)) {
              listed.add(slot);
            }
          }
        }
      }
      cursor = day.plusDays(1).atStartOfDay().minusSeconds(1);
    }
    return Math.min(cap, wholeDays + listed.size());
  }

  private boolean isPlain(LocalDate day, Instant after, Instant atOrBefore) {
    Instant from = day.atStartOfDay().toInstant(ZoneOffset.UTC).minus(MAX_OFFSET);
    Instant to = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plus(MAX_OFFSET);
    if (!from.isAfter(after) || to.isAfter(atOrBefore)) {
      return false;
    }
    ZoneOffsetTransition transition = rules.nextTransition(from);
    return transition == null || transition.getInstant().isAfter(to);
  }
}
