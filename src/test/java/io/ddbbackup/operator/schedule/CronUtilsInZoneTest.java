package io.ddbbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * Pins why {@link WallClockCron} asks cron-utils in UTC: evaluated in a zone with daylight saving,
 * cron-utils 9.2.1 drops a fixed-time job on the spring-forward day, where classic cron runs it
 * right after the jump. If this starts failing, cron-utils changed and the workaround may go.
 */
class CronUtilsInZoneTest {

  @Test
  void cronUtilsInBerlinSkipsTheSpringForwardDayOfAFixedTimeJob() {
    ExecutionTime inZone =
        ExecutionTime.forCron(
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
                .parse("30 2 * * *"));
    ZonedDateTime dayBefore =
        ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));

    assertThat(inZone.nextExecution(dayBefore).orElseThrow().toOffsetDateTime())
        .hasToString("2026-03-30T02:30+02:00");
    assertThat(
            CronSchedule.parse("30 2 * * *", "Europe/Berlin")
                .validSchedule()
                .orElseThrow()
                .nextAfter(dayBefore.toInstant()))
        .hasValueSatisfying(slot -> assertThat(slot).hasToString("2026-03-29T01:00:00Z"));
  }
}
