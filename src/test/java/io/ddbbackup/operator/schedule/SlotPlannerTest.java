package io.ddbbackup.operator.schedule;

import static io.ddbbackup.operator.schedule.SlotDecision.Action.BACK_UP;
import static io.ddbbackup.operator.schedule.SlotDecision.Action.NONE;
import static io.ddbbackup.operator.schedule.SlotDecision.Action.SKIP_PAST_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlotPlannerTest {

  private static final Instant CREATED = t("2026-01-01T00:30:00Z");

  static Stream<Arguments> plans() {
    return Stream.of(
        arguments(
            "almost but not quite time to run",
            "0 * * * *",
            "UTC",
            state(null, CREATED, false, false, null),
            "2026-01-01T00:59:59Z",
            decision(NONE, null, 0, "2026-01-01T01:00:00Z")),
        arguments(
            "the first slot after creation is due exactly at its time",
            "0 * * * *",
            "UTC",
            state(null, CREATED, false, false, null),
            "2026-01-01T01:00:00Z",
            decision(BACK_UP, "2026-01-01T01:00:00Z", 0, "2026-01-01T02:00:00Z")),
        arguments(
            "a slot at the moment of creation is not due",
            "0 * * * *",
            "UTC",
            state(null, t("2026-01-01T01:00:00Z"), false, false, null),
            "2026-01-01T01:00:30Z",
            decision(NONE, null, 0, "2026-01-01T02:00:00Z")),
        arguments(
            "three missed slots give one backup of the newest",
            "0 * * * *",
            "UTC",
            state("2026-01-01T01:00:00Z", CREATED, false, false, null),
            "2026-01-01T04:10:00Z",
            decision(BACK_UP, "2026-01-01T04:00:00Z", 2, "2026-01-01T05:00:00Z")),
        arguments(
            "a slot equal to lastScheduleTime is not due again",
            "0 * * * *",
            "UTC",
            state("2026-01-01T04:00:00Z", CREATED, false, false, null),
            "2026-01-01T04:10:00Z",
            decision(NONE, null, 0, "2026-01-01T05:00:00Z")),
        arguments(
            "a slot past its deadline is skipped and counted as missed",
            "0 * * * *",
            "UTC",
            state("2026-01-01T03:00:00Z", CREATED, false, false, 600L),
            "2026-01-01T04:10:01Z",
            decision(SKIP_PAST_DEADLINE, "2026-01-01T04:00:00Z", 1, "2026-01-01T05:00:00Z")),
        arguments(
            "when the newest of several slots is past its deadline all of them are missed",
            "0 * * * *",
            "UTC",
            state("2026-01-01T01:00:00Z", CREATED, false, false, 600L),
            "2026-01-01T04:20:00Z",
            decision(SKIP_PAST_DEADLINE, "2026-01-01T04:00:00Z", 3, "2026-01-01T05:00:00Z")),
        arguments(
            "a slot whose deadline has not yet passed still backs up",
            "0 * * * *",
            "UTC",
            state("2026-01-01T03:00:00Z", CREATED, false, false, 600L),
            "2026-01-01T04:09:00Z",
            decision(BACK_UP, "2026-01-01T04:00:00Z", 0, "2026-01-01T05:00:00Z")),
        arguments(
            "a slot found exactly at its deadline still backs up",
            "0 * * * *",
            "UTC",
            state("2026-01-01T03:00:00Z", CREATED, false, false, 600L),
            "2026-01-01T04:10:00Z",
            decision(BACK_UP, "2026-01-01T04:00:00Z", 0, "2026-01-01T05:00:00Z")),
        arguments(
            "a suspended schedule does nothing and asks for no wake-up",
            "0 * * * *",
            "UTC",
            state("2026-01-01T01:00:00Z", CREATED, true, false, null),
            "2026-01-01T04:10:00Z",
            decision(NONE, null, 0, null)),
        arguments(
            "resuming after a suspension collapses the missed slots into one backup",
            "0 * * * *",
            "UTC",
            state("2026-01-01T01:00:00Z", CREATED, false, false, null),
            "2026-01-02T00:10:00Z",
            decision(BACK_UP, "2026-01-02T00:00:00Z", 22, "2026-01-02T01:00:00Z")),
        arguments(
            "immediate takes a backup the first time the schedule is seen",
            "0 * * * *",
            "UTC",
            state(null, CREATED, false, true, null),
            "2026-01-01T00:40:12.345Z",
            decision(BACK_UP, "2026-01-01T00:40:12Z", 0, "2026-01-01T01:00:00Z")),
        arguments(
            "immediate is ignored once a slot has been recorded",
            "0 * * * *",
            "UTC",
            state("2026-01-01T00:40:12Z", CREATED, false, true, null),
            "2026-01-01T00:50:00Z",
            decision(NONE, null, 0, "2026-01-01T01:00:00Z")),
        arguments(
            "a creation time ahead of the clock does not wake for a slot that cannot be due",
            "0 * * * *",
            "UTC",
            state(null, t("2026-01-01T01:00:05Z"), false, false, null),
            "2026-01-01T00:59:00Z",
            decision(NONE, null, 0, "2026-01-01T02:00:00Z")),
        arguments(
            "a nightly 02:30 in Berlin backs up right after the spring-forward jump",
            "30 2 * * *",
            "Europe/Berlin",
            state("2026-03-28T01:30:00Z", CREATED, false, false, null),
            "2026-03-29T01:00:30Z",
            decision(BACK_UP, "2026-03-29T01:00:00Z", 0, "2026-03-30T00:30:00Z")),
        arguments(
            "a nightly 02:30 in Berlin does not run again in the repeated hour",
            "30 2 * * *",
            "Europe/Berlin",
            state("2026-10-25T00:30:00Z", CREATED, false, false, null),
            "2026-10-25T01:45:00Z",
            decision(NONE, null, 0, "2026-10-26T01:30:00Z")),
        arguments(
            "an hourly schedule in Berlin backs up the repeated hour again",
            "0 * * * *",
            "Europe/Berlin",
            state("2026-10-25T00:00:00Z", CREATED, false, false, null),
            "2026-10-25T01:00:05Z",
            decision(BACK_UP, "2026-10-25T01:00:00Z", 0, "2026-10-25T02:00:00Z")),
        arguments(
            "an hourly schedule in Berlin missed for a year counts every real hour",
            "0 * * * *",
            "Europe/Berlin",
            state("2025-12-31T23:00:00Z", CREATED, false, false, null),
            "2026-12-31T23:00:00Z",
            decision(BACK_UP, "2026-12-31T23:00:00Z", 8_759, "2027-01-01T00:00:00Z")),
        arguments(
            "a nightly schedule in Berlin missed for a year counts every day once",
            "0,30 2 * * *",
            "Europe/Berlin",
            state("2025-12-31T23:00:00Z", CREATED, false, false, null),
            "2026-12-31T23:00:00Z",
            decision(BACK_UP, "2026-12-31T01:30:00Z", 728, "2027-01-01T01:00:00Z")),
        arguments(
            "a minutely schedule missed for thirty days counts every minute",
            "* * * * *",
            "Europe/Berlin",
            state("2026-03-15T00:00:00Z", CREATED, false, false, null),
            "2026-04-14T00:00:30Z",
            decision(BACK_UP, "2026-04-14T00:00:00Z", 43_199, "2026-04-14T00:01:00Z")),
        arguments(
            "a year-old lastScheduleTime on a minutely schedule is planned with a saturated count",
            "* * * * *",
            "UTC",
            state("2025-01-01T00:00:00Z", CREATED, false, false, null),
            "2026-01-01T00:00:30Z",
            decision(
                BACK_UP,
                "2026-01-01T00:00:00Z",
                SlotPlanner.MAX_COUNTED_SLOTS,
                "2026-01-01T00:01:00Z")),
        arguments(
            "a year-old slot past its deadline saturates the missed count too",
            "* * * * *",
            "UTC",
            state("2025-01-01T00:00:00Z", CREATED, false, false, 10L),
            "2026-01-01T00:00:30Z",
            decision(
                SKIP_PAST_DEADLINE,
                "2026-01-01T00:00:00Z",
                SlotPlanner.MAX_COUNTED_SLOTS,
                "2026-01-01T00:01:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansTheSlot(
      String name, String schedule, String zone, SlotState state, String now, SlotDecision want) {
    CronSchedule cron = CronSchedule.parse(schedule, zone).validSchedule().orElseThrow();

    assertThat(SlotPlanner.plan(cron, state, t(now))).isEqualTo(want);
  }

  private static SlotState state(
      String last, Instant created, boolean suspend, boolean immediate, Long deadline) {
    return new SlotState(
        last == null ? null : t(last), created, suspend, immediate, deadline, false);
  }

  private static SlotDecision decision(
      SlotDecision.Action action, String slot, long missed, String next) {
    return new SlotDecision(
        action, slot == null ? null : t(slot), missed, next == null ? null : t(next));
  }

  private static Instant t(String instant) {
    return Instant.parse(instant);
  }
}
