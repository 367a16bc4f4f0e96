package io.ddbbackup.operator.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.model.time.generator.FieldValueGenerator;
import com.cronutils.model.time.generator.FieldValueGeneratorFactory;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cron matches on local wall-clock time, with no zone involved. cron-utils is asked in UTC, where
 * every local time exists exactly once, because in a zone with daylight saving it drops a fixed job
 * on the day its local time is skipped; the daylight-saving rules are applied afterwards by {@link
 * SlotRule}.
 */
final class WallClockCron {

  private final Cron cron;
  private final ExecutionTime execution;

  WallClockCron(Cron cron) {
    this.cron = cron;
    this.execution = ExecutionTime.forCron(cron);
  }

  /** The first local match strictly after {@code local}. */
  Optional<LocalDateTime> firstAfter(LocalDateTime local) {
    // matches fall on whole seconds, so dropping the fraction cannot skip or repeat one
    ZonedDateTime from = local.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
    return execution.nextExecution(from).map(ZonedDateTime::toLocalDateTime);
  }

  /** The last local match at or before {@code local}. */
  Optional<LocalDateTime> latestAtOrBefore(LocalDateTime local) {
    ZonedDateTime justAfter =
        local.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).atZone(ZoneOffset.UTC);
    return execution.lastExecution(justAfter).map(ZonedDateTime::toLocalDateTime);
  }

  /**
   * The times of day at which the schedule fires on a day it fires at all: in cron the minute and
   * hour fields do not depend on the day, which is what lets slots be counted a day at a time.
   */
  List<LocalTime> timesOfDay() {
    FieldValueGenerator hours = generatorFor(CronFieldName.HOUR);
    FieldValueGenerator minutes = generatorFor(CronFieldName.MINUTE);
    List<LocalTime> times = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      for (int minute = 0; minute < 60 && hours.isMatch(hour); minute++) {
        if (minutes.isMatch(minute)) {
          times.add(LocalTime.of(hour, minute));
        }
      }
    }
    return times;
  }

  private FieldValueGenerator generatorFor(CronFieldName name) {
    return FieldValueGeneratorFactory.forCronField(cron.retrieve(name));
  }
}
