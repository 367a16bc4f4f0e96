package io.ddbbackup.operator.retention;

import static io.ddbbackup.operator.retention.Backups.NOW;
import static io.ddbbackup.operator.retention.Backups.ORDERS;
import static io.ddbbackup.operator.retention.Backups.TABLE;
import static io.ddbbackup.operator.retention.Backups.createdAts;
import static io.ddbbackup.operator.retention.Backups.owned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each retention rule alone, their union, and calendar periods in the schedule's zone. */
class RetentionRulesTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static RetentionPolicy keepLast(int n) {
    return new RetentionPolicy(n, null, null, null, null);
  }

  private static RetentionPolicy maxAge(Duration age) {
    return new RetentionPolicy(null, age, null, null, null);
  }

  private static RetentionPolicy daily(int n) {
    return new RetentionPolicy(null, null, n, null, null);
  }

  private static RetentionPolicy weekly(int n) {
    return new RetentionPolicy(null, null, null, n, null);
  }

  private static RetentionPolicy monthly(int n) {
    return new RetentionPolicy(null, null, null, null, n);
  }

  static Stream<Arguments> cases() {
    List<String> fiveNights =
        List.of(
            "2026-03-10T03:00:00Z",
            "2026-03-11T03:00:00Z",
            "2026-03-12T03:00:00Z",
            "2026-03-13T03:00:00Z",
            "2026-03-14T03:00:00Z");
    return Stream.of(
        arguments(
            "keepLast keeps the newest N",
            keepLast(3),
            UTC,
            fiveNights,
            List.of("2026-03-14T03:00:00Z", "2026-03-13T03:00:00Z", "2026-03-12T03:00:00Z")),
        arguments(
            "keepLast larger than the number of backups keeps them all",
            keepLast(10),
            UTC,
            fiveNights,
            List.of(
                "2026-03-14T03:00:00Z",
                "2026-03-13T03:00:00Z",
                "2026-03-12T03:00:00Z",
                "2026-03-11T03:00:00Z",
                "2026-03-10T03:00:00Z")),
        arguments(
            "maxAge keeps backups younger than the age",
            maxAge(Duration.ofDays(4)),
            UTC,
            fiveNights,
            List.of("2026-03-14T03:00:00Z", "2026-03-13T03:00:00Z", "2026-03-12T03:00:00Z")),
        arguments(
            "a backup exactly maxAge old is no longer kept by it",
            maxAge(Duration.ofHours(81)),
            UTC,
            fiveNights,
            List.of("2026-03-14T03:00:00Z", "2026-03-13T03:00:00Z")),
        arguments(
            "a schedule whose backups all passed maxAge still keeps its newest",
            maxAge(Duration.ofHours(1)),
            UTC,
            fiveNights,
            List.of("2026-03-14T03:00:00Z")),
        arguments(
            "keepDaily keeps the newest backup of each of the last N days",
            daily(2),
            UTC,
            List.of(
                "2026-03-13T01:00:00Z",
                "2026-03-13T13:00:00Z",
                "2026-03-14T01:00:00Z",
                "2026-03-14T13:00:00Z"),
            List.of("2026-03-14T13:00:00Z", "2026-03-13T13:00:00Z")),
        arguments(
            "keepDaily counts days that have backups, so a stopped schedule keeps its last ones",
            daily(3),
            UTC,
            List.of(
                "2025-11-01T03:00:00Z",
                "2025-11-02T03:00:00Z",
                "2025-11-03T03:00:00Z",
                "2026-03-14T03:00:00Z"),
            List.of("2026-03-14T03:00:00Z", "2025-11-03T03:00:00Z", "2025-11-02T03:00:00Z")),
        arguments(
            "keepWeekly keeps the newest backup of each of the last N ISO weeks",
            weekly(2),
            UTC,
            List.of(
                "2026-02-23T03:00:00Z",
                "2026-03-02T03:00:00Z",
                "2026-03-05T03:00:00Z",
                "2026-03-09T03:00:00Z",
                "2026-03-14T03:00:00Z"),
            List.of("2026-03-14T03:00:00Z", "2026-03-05T03:00:00Z")),
        arguments(
            "an ISO week spanning new year is one week",
            weekly(2),
            UTC,
            List.of("2025-12-22T12:00:00Z", "2025-12-31T12:00:00Z", "2026-01-02T12:00:00Z"),
            List.of("2026-01-02T12:00:00Z", "2025-12-22T12:00:00Z")),
        arguments(
            "keepMonthly skips months without backups and keeps older months instead",
            monthly(3),
            UTC,
            List.of(
                "2025-06-10T03:00:00Z",
                "2025-07-10T03:00:00Z",
                "2025-07-20T03:00:00Z",
                "2025-08-10T03:00:00Z",
                "2026-03-01T03:00:00Z",
                "2026-03-14T03:00:00Z"),
            List.of("2026-03-14T03:00:00Z", "2025-08-10T03:00:00Z", "2025-07-20T03:00:00Z")),
        arguments(
            "a backup is kept when any rule keeps it",
            new RetentionPolicy(1, Duration.ofDays(2), null, null, 2),
            UTC,
            List.of(
                "2026-01-05T03:00:00Z",
                "2026-02-05T03:00:00Z",
                "2026-02-06T03:00:00Z",
                "2026-03-13T03:00:00Z",
                "2026-03-14T03:00:00Z",
                "2026-03-15T03:00:00Z"),
            List.of("2026-03-15T03:00:00Z", "2026-03-14T03:00:00Z", "2026-02-06T03:00:00Z")),
        arguments(
            "days are UTC days when the schedule's zone is UTC",
            daily(2),
            UTC,
            List.of("2026-03-10T22:30:00Z", "2026-03-10T23:30:00Z", "2026-03-11T10:00:00Z"),
            List.of("2026-03-11T10:00:00Z", "2026-03-10T23:30:00Z")),
        arguments(
            "a backup at 23:30 UTC belongs to the next day in Berlin",
            daily(2),
            BERLIN,
            List.of("2026-03-10T22:30:00Z", "2026-03-10T23:30:00Z", "2026-03-11T10:00:00Z"),
            List.of("2026-03-11T10:00:00Z", "2026-03-10T22:30:00Z")),
        arguments(
            "a Sunday 23:30 UTC backup is in the previous week in UTC",
            weekly(2),
            UTC,
            List.of(
                "2026-03-01T12:00:00Z",
                "2026-03-08T12:00:00Z",
                "2026-03-08T23:30:00Z",
                "2026-03-10T12:00:00Z"),
            List.of("2026-03-10T12:00:00Z", "2026-03-08T23:30:00Z")),
        arguments(
            "a Sunday 23:30 UTC backup is Monday, the next week, in Berlin",
            weekly(2),
            BERLIN,
            List.of(
                "2026-03-01T12:00:00Z",
                "2026-03-08T12:00:00Z",
                "2026-03-08T23:30:00Z",
                "2026-03-10T12:00:00Z"),
            List.of("2026-03-10T12:00:00Z", "2026-03-08T12:00:00Z")),
        arguments(
            "the last evening of February is February in UTC",
            monthly(2),
            UTC,
            List.of(
                "2026-01-15T12:00:00Z",
                "2026-02-10T12:00:00Z",
                "2026-02-28T23:30:00Z",
                "2026-03-05T12:00:00Z"),
            List.of("2026-03-05T12:00:00Z", "2026-02-28T23:30:00Z")),
        arguments(
            "the last evening of February in UTC is March in Berlin",
            monthly(2),
            BERLIN,
            List.of(
                "2026-01-15T12:00:00Z",
                "2026-02-10T12:00:00Z",
                "2026-02-28T23:30:00Z",
                "2026-03-05T12:00:00Z"),
            List.of("2026-03-05T12:00:00Z", "2026-02-10T12:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsWhatTheRulesKeepAndPrunesTheRest(
      String sentence,
      RetentionPolicy policy,
      ZoneId zone,
      List<String> createdAts,
      List<String> keptNewestFirst) {
    PruneDecision decision =
        Retention.decide(
            policy, ORDERS, TABLE, owned(createdAts.toArray(String[]::new)), zone, NOW);

    List<String> prunedOldestFirst =
        createdAts.stream().sorted().filter(at -> !keptNewestFirst.contains(at)).toList();
    assertThat(decision.blockedBy()).isNull();
    assertThat(createdAts(decision.keep())).containsExactlyElementsOf(keptNewestFirst);
    assertThat(createdAts(decision.prune())).containsExactlyElementsOf(prunedOldestFirst);
  }
}
