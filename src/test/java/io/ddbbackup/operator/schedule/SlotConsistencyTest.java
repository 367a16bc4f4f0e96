package io.ddbbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nextAfter, latestAtOrBefore and slotsBetween describe the same set of slots: checked at fixed
 * pseudo-random instants over three days around each clock change.
 */
class SlotConsistencyTest {

  static Stream<Arguments> windows() {
    String[] schedules = {
      "*/15 * * * *",
      "30 2 * * *",
      "0,30 1-3 * * *",
      "0 * * * *",
      "*/20 2 * * *",
      "5-10/3 */7 * * *"
    };
    String[][] changes = {
      {"Europe/Berlin", "2026-03-28T00:00:00Z"},
      {"Europe/Berlin", "2026-10-24T00:00:00Z"},
      {"America/New_York", "2026-03-07T05:00:00Z"},
      {"America/New_York", "2026-10-31T05:00:00Z"},
      {"Australia/Lord_Howe", "2026-10-03T00:00:00Z"},
      {"Australia/Lord_Howe", "2026-04-04T00:00:00Z"},
    };
    List<Arguments> cases = new ArrayList<>();
    for (String[] change : changes) {
      for (String schedule : schedules) {
        cases.add(arguments(schedule, change[0], Instant.parse(change[1])));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "\"{0}\" in {1} agrees with itself around {2}")
  @MethodSource("windows")
  void searchesAndCountAgree(String schedule, String zone, Instant from) {
    CronSchedule cron = CronSchedule.parse(schedule, zone).validSchedule().orElseThrow();
    Instant to = from.plus(Duration.ofDays(3));
    List<Instant> slots = new ArrayList<>();
    // listed a week either side, so the slots next to any sampled instant are on the list
    for (Instant s = cron.nextAfter(from.minus(Duration.ofDays(7))).orElseThrow();
        !s.isAfter(to.plus(Duration.ofDays(7)));
        s = cron.nextAfter(s).orElseThrow()) {
      assertThat(s.getNano()).isZero();
      slots.add(s);
    }

    Random random = new Random(schedule.hashCode() * 31L + zone.hashCode());
    long span = Duration.between(from, to).getSeconds();
    for (int i = 0; i < 200; i++) {
      Instant a = from.plusSeconds(random.nextLong(span));
      Instant b = a.plusSeconds(random.nextLong(span));
      if (b.isAfter(to)) {
        b = to;
      }
      Instant at = a;
      Instant end = b;
      assertThat(cron.latestAtOrBefore(at))
          .as("latest at or before %s", at)
          .isEqualTo(slots.stream().filter(s -> !s.isAfter(at)).reduce((x, y) -> y));
      assertThat(cron.nextAfter(at))
          .as("next after %s", at)
          .isEqualTo(slots.stream().filter(s -> s.isAfter(at)).findFirst());
      assertThat(cron.slotsBetween(at, end, Long.MAX_VALUE))
          .as("slots in (%s, %s]", at, end)
          .isEqualTo(slots.stream().filter(s -> s.isAfter(at) && !s.isAfter(end)).count());
    }
    for (Instant slot : slots) {
      assertThat(cron.latestAtOrBefore(slot)).contains(slot);
    }
  }
}
