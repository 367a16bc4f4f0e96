package io.ddbbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The slots of one local day, as local time with offset, for schedules on the days clocks change.
 * Classic cron (Vixie/ISC): fixed-time jobs run once a day, wildcard jobs follow real time.
 */
class DaylightSavingSlotsTest {

  private static final String BERLIN = "Europe/Berlin";
  private static final String NEW_YORK = "America/New_York";
  private static final LocalDate BERLIN_SPRING = LocalDate.of(2026, 3, 29); // 02:00 -> 03:00
  private static final LocalDate BERLIN_FALL = LocalDate.of(2026, 10, 25); // 03:00 -> 02:00
  private static final LocalDate NEW_YORK_SPRING = LocalDate.of(2026, 3, 8); // 02:00 -> 03:00
  private static final LocalDate NEW_YORK_FALL = LocalDate.of(2026, 11, 1); // 02:00 -> 01:00

  static Stream<Arguments> days() {
    return Stream.of(
        arguments(
            "a normal summer day in Berlin runs a nightly job once at its time",
            "0 3 * * *",
            BERLIN,
            LocalDate.of(2026, 6, 15),
            List.of("03:00+02:00")),
        // Berlin, spring forward
        arguments(
            "a fixed-hour job in the skipped hour runs once right after the jump (Berlin)",
            "30 2 * * *",
            BERLIN,
            BERLIN_SPRING,
            List.of("03:00+02:00")),
        arguments(
            "several fixed times in the skipped hour collapse into one slot after the jump",
            "0,30 2 * * *",
            BERLIN,
            BERLIN_SPRING,
            List.of("03:00+02:00")),
        arguments(
            "a fixed job at the first time after the jump shares that slot with skipped ones",
            "0,30 2-3 * * *",
            BERLIN,
            BERLIN_SPRING,
            List.of("03:00+02:00", "03:30+02:00")),
        arguments(
            "a fixed-hour job before the skipped hour is unaffected (Berlin spring)",
            "30 1 * * *",
            BERLIN,
            BERLIN_SPRING,
            List.of("01:30+01:00")),
        arguments(
            "an hourly job simply has no slot in the skipped hour (Berlin)",
            "0 * * * *",
            BERLIN,
            BERLIN_SPRING,
            concat(List.of("00:00+01:00", "01:00+01:00"), hours(3, 23, 0, "+02:00"))),
        arguments(
            "a half-past job has no slot in the skipped hour (Berlin)",
            "30 * * * *",
            BERLIN,
            BERLIN_SPRING,
            concat(List.of("00:30+01:00", "01:30+01:00"), hours(3, 23, 30, "+02:00"))),
        arguments(
            "a wildcard-minute job in the skipped hour does not run that day",
            "*/15 2 * * *",
            BERLIN,
            BERLIN_SPRING,
            List.of()),
        // Berlin, fall back
        arguments(
            "a fixed-hour job in the repeated hour runs once, the first time (Berlin)",
            "30 2 * * *",
            BERLIN,
            BERLIN_FALL,
            List.of("02:30+02:00")),
        arguments(
            "a fixed-hour job before the repeated hour is unaffected (Berlin fall)",
            "30 1 * * *",
            BERLIN,
            BERLIN_FALL,
            List.of("01:30+02:00")),
        arguments(
            "a fixed-hour job after the repeated hour is unaffected (Berlin fall)",
            "0 3 * * *",
            BERLIN,
            BERLIN_FALL,
            List.of("03:00+01:00")),
        arguments(
            "an hourly job runs the repeated hour twice (Berlin)",
            "0 * * * *",
            BERLIN,
            BERLIN_FALL,
            concat(
                List.of("00:00+02:00", "01:00+02:00", "02:00+02:00", "02:00+01:00"),
                hours(3, 23, 0, "+01:00"))),
        arguments(
            "a half-past job runs the repeated half hour twice (Berlin)",
            "30 * * * *",
            BERLIN,
            BERLIN_FALL,
            concat(
                List.of("00:30+02:00", "01:30+02:00", "02:30+02:00", "02:30+01:00"),
                hours(3, 23, 30, "+01:00"))),
        arguments(
            "a wildcard-minute job in the repeated hour runs in both passes",
            "*/20 2 * * *",
            BERLIN,
            BERLIN_FALL,
            List.of(
                "02:00+02:00",
                "02:20+02:00",
                "02:40+02:00",
                "02:00+01:00",
                "02:20+01:00",
                "02:40+01:00")),
        // New York, spring forward
        arguments(
            "a fixed-hour job in the skipped hour runs once right after the jump (New York)",
            "30 2 * * *",
            NEW_YORK,
            NEW_YORK_SPRING,
            List.of("03:00-04:00")),
        arguments(
            "a fixed-hour job before the skipped hour is unaffected (New York spring)",
            "30 1 * * *",
            NEW_YORK,
            NEW_YORK_SPRING,
            List.of("01:30-05:00")),
        arguments(
            "an hourly job simply has no slot in the skipped hour (New York)",
            "0 * * * *",
            NEW_YORK,
            NEW_YORK_SPRING,
            concat(List.of("00:00-05:00", "01:00-05:00"), hours(3, 23, 0, "-04:00"))),
        arguments(
            "a half-past job has no slot in the skipped hour (New York)",
            "30 * * * *",
            NEW_YORK,
            NEW_YORK_SPRING,
            concat(List.of("00:30-05:00", "01:30-05:00"), hours(3, 23, 30, "-04:00"))),
        // New York, fall back
        arguments(
            "a fixed-hour job in the repeated hour runs once, the first time (New York)",
            "30 1 * * *",
            NEW_YORK,
            NEW_YORK_FALL,
            List.of("01:30-04:00")),
        arguments(
            "a fixed-hour job after the repeated hour is unaffected (New York fall)",
            "30 2 * * *",
            NEW_YORK,
            NEW_YORK_FALL,
            List.of("02:30-05:00")),
        arguments(
            "an hourly job runs the repeated hour twice (New York)",
            "0 * * * *",
            NEW_YORK,
            NEW_YORK_FALL,
            concat(
                List.of("00:00-04:00", "01:00-04:00", "01:00-05:00"), hours(2, 23, 0, "-05:00"))),
        arguments(
            "a half-past job runs the repeated half hour twice (New York)",
            "30 * * * *",
            NEW_YORK,
            NEW_YORK_FALL,
            concat(
                List.of("00:30-04:00", "01:30-04:00", "01:30-05:00"), hours(2, 23, 30, "-05:00"))),
        // half-hour shifts and offsets
        arguments(
            "a fixed job in Lord Howe's skipped half hour runs right after the jump",
            "15 2 * * *",
            "Australia/Lord_Howe",
            LocalDate.of(2026, 10, 4),
            List.of("02:30+11:00")),
        arguments(
            "a quarter-hourly job has no slots in Lord Howe's skipped half hour",
            "*/15 1-2 * * *",
            "Australia/Lord_Howe",
            LocalDate.of(2026, 10, 4),
            List.of(
                "01:00+10:30",
                "01:15+10:30",
                "01:30+10:30",
                "01:45+10:30",
                "02:30+11:00",
                "02:45+11:00")),
        arguments(
            "a fixed job in Lord Howe's repeated half hour runs once",
            "45 1 * * *",
            "Australia/Lord_Howe",
            LocalDate.of(2026, 4, 5),
            List.of("01:45+11:00")),
        arguments(
            "a quarter-hourly job runs Lord Howe's repeated half hour twice",
            "*/15 1 * * *",
            "Australia/Lord_Howe",
            LocalDate.of(2026, 4, 5),
            List.of(
                "01:00+11:00",
                "01:15+11:00",
                "01:30+11:00",
                "01:45+11:00",
                "01:30+10:30",
                "01:45+10:30")),
        arguments(
            "a half-hour offset without daylight saving is plain",
            "30 2 * * *",
            "Asia/Kolkata",
            LocalDate.of(2026, 3, 29),
            List.of("02:30+05:30")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("days")
  void slotsOfTheDay(String name, String schedule, String zone, LocalDate day, List<String> slots) {
    CronSchedule cron = CronSchedule.parse(schedule, zone).validSchedule().orElseThrow();

    assertThat(slotsOn(cron, day)).containsExactlyElementsOf(slots);
    assertThat(slotsOnBackwards(cron, day)).containsExactlyElementsOf(slots);
  }

  static Stream<Arguments> calendarDays() {
    return Stream.of(
        arguments(
            "when both day fields are restricted either one matching is enough",
            "0 0 13 * 5",
            List.of(2, 9, 13, 16, 23, 30)),
        arguments("day of week 7 is Sunday like 0", "0 0 * * 7", List.of(4, 11, 18, 25)),
        arguments("day names work", "0 0 * * SUN", List.of(4, 11, 18, 25)),
        arguments(
            "a restricted day of month alone matches only those days",
            "0 0 1,15 * *",
            List.of(1, 15)),
        arguments(
            "a restricted day of week alone matches only those days",
            "0 0 * * MON-FRI",
            List.of(
                1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30)),
        arguments("@weekly is Sundays", "@weekly", List.of(4, 11, 18, 25)),
        arguments("@monthly is the first", "@monthly", List.of(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calendarDays")
  void daysOfJanuary2026(String name, String schedule, List<Integer> days) {
    CronSchedule cron = CronSchedule.parse(schedule, "UTC").validSchedule().orElseThrow();
    List<Integer> fired = new ArrayList<>();
    Instant cursor = Instant.parse("2025-12-31T23:59:59Z");
    Instant end = Instant.parse("2026-02-01T00:00:00Z");
    for (Instant slot = cron.nextAfter(cursor).orElseThrow();
        slot.isBefore(end);
        slot = cron.nextAfter(slot).orElseThrow()) {
      fired.add(slot.atZone(cron.zone()).getDayOfMonth());
    }
    assertThat(fired).containsExactlyElementsOf(days);
  }

  private static List<String> slotsOn(CronSchedule cron, LocalDate day) {
    Instant start = day.atStartOfDay(cron.zone()).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(cron.zone()).toInstant();
    List<String> slots = new ArrayList<>();
    for (Instant slot = cron.nextAfter(start.minusSeconds(1)).orElseThrow();
        slot.isBefore(end);
        slot = cron.nextAfter(slot).orElseThrow()) {
      slots.add(local(cron, slot));
    }
    return slots;
  }

  private static List<String> slotsOnBackwards(CronSchedule cron, LocalDate day) {
    Instant start = day.atStartOfDay(cron.zone()).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(cron.zone()).toInstant();
    List<String> slots = new ArrayList<>();
    for (Instant slot = cron.latestAtOrBefore(end.minusSeconds(1)).orElseThrow();
        !slot.isBefore(start);
        slot = cron.latestAtOrBefore(slot.minusSeconds(1)).orElseThrow()) {
      slots.add(0, local(cron, slot));
    }
    return slots;
  }

  private static String local(CronSchedule cron, Instant slot) {
    return slot.atZone(cron.zone()).toOffsetDateTime().toOffsetTime().toString();
  }

  private static List<String> hours(int from, int to, int minute, String offset) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(hour -> String.format("%02d:%02d%s", hour, minute, offset))
        .collect(Collectors.toList());
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
