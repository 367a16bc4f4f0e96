package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One decision per line: the cadence is a daily full export at 03:00 in Berlin (01:00 UTC in
 * summer) with hourly incrementals, unless a line says otherwise; times are UTC.
 */
class ExportPlannerTest {

  private static final String DAILY = "0 3 * * *";
  private static final String WEEKLY = "0 3 * * 0|";
  private static final Instant CREATED = t("2026-06-01T00:30:00Z");
  private static final Instant PITR_FROM = t("2026-05-01T00:00:00Z");

  static Stream<Arguments> decisions() {
    return Stream.of(
        arguments(
            "before the first full slot nothing is due and it wakes at that slot",
            "1h",
            chain(null, null, null),
            PITR_FROM,
            "2026-06-01T00:59:59Z",
            new ExportDecision.Wait(t("2026-06-01T01:00:00Z"))),
        arguments(
            "the first full export is the table at its slot, exactly",
            "1h",
            chain(null, null, null),
            PITR_FROM,
            "2026-06-01T01:00:07Z",
            start(ExportWindow.full(t("2026-06-01T01:00:00Z")), "2026-06-01T01:00:00Z", null)),
        arguments(
            "with PITR off nothing can be exported",
            "1h",
            chain(null, null, null),
            null,
            "2026-06-01T01:00:07Z",
            new ExportDecision.PitrOff()),
        arguments(
            "an export in flight blocks any other",
            "1h",
            new ExportChain(
                CREATED, null, null, null, ExportWindow.full(t("2026-06-01T01:00:00Z"))),
            PITR_FROM,
            "2026-06-03T01:00:07Z",
            new ExportDecision.Busy(ExportWindow.full(t("2026-06-01T01:00:00Z")))),
        arguments(
            "the first incremental starts where the base is and lasts one period",
            "1h",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z"),
            PITR_FROM,
            "2026-06-01T02:00:00Z",
            start(inc("2026-06-01T01:00:00Z", "2026-06-01T02:00:00Z"), null, null)),
        arguments(
            "a window not yet over is not due: wake at its end",
            "1h",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-01T05:00:00Z"),
            PITR_FROM,
            "2026-06-01T05:59:59Z",
            new ExportDecision.Wait(t("2026-06-01T06:00:00Z"))),
        arguments(
            "after five missed hours one window of five periods catches up",
            "1h",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-01T05:00:00Z"),
            PITR_FROM,
            "2026-06-01T10:30:00Z",
            start(inc("2026-06-01T05:00:00Z", "2026-06-01T10:00:00Z"), null, null)),
        arguments(
            "after three days down the first catch-up window is 24 hours (weekly full)",
            WEEKLY + "15m",
            chain("2026-06-07T01:00:00Z", "2026-06-07T01:00:00Z", "2026-06-08T01:15:00Z"),
            PITR_FROM,
            "2026-06-11T02:00:00Z",
            start(inc("2026-06-08T01:15:00Z", "2026-06-09T01:15:00Z"), null, null)),
        arguments(
            "a period that does not divide a day catches up in its largest multiple under 24h",
            WEEKLY + "7h",
            chain("2026-06-07T01:00:00Z", "2026-06-07T01:00:00Z", "2026-06-07T01:00:00Z"),
            PITR_FROM,
            "2026-06-09T05:00:00Z",
            start(inc("2026-06-07T01:00:00Z", "2026-06-07T22:00:00Z"), null, null)),
        arguments(
            "incrementals due before a full slot are exported before the full export",
            "1h",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-01T22:00:00Z"),
            PITR_FROM,
            "2026-06-02T03:10:00Z",
            start(inc("2026-06-01T22:00:00Z", "2026-06-02T01:00:00Z"), null, null)),
        arguments(
            "once the chain reaches the full slot the full export is the new base",
            "1h",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-02T01:00:00Z"),
            PITR_FROM,
            "2026-06-02T03:10:00Z",
            start(ExportWindow.full(t("2026-06-02T01:00:00Z")), "2026-06-02T01:00:00Z", null)),
        arguments(
            "missed full slots collapse into the newest",
            "",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z"),
            PITR_FROM,
            "2026-06-05T09:00:00Z",
            start(ExportWindow.full(t("2026-06-05T01:00:00Z")), "2026-06-05T01:00:00Z", null)),
        arguments(
            "without incrementals only full slots wake it",
            "",
            chain("2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z"),
            PITR_FROM,
            "2026-06-01T09:00:00Z",
            new ExportDecision.Wait(t("2026-06-02T01:00:00Z"))),
        arguments(
            "a chain whose end fell out of PITR gets a new base at the due full slot and a gap",
            "1h",
            chain("2026-04-01T01:00:00Z", "2026-04-01T01:00:00Z", "2026-04-01T05:00:00Z"),
            t("2026-05-05T12:00:00Z"),
            "2026-06-09T02:00:00Z",
            new ExportDecision.Start(
                ExportWindow.full(t("2026-06-09T01:00:00Z")),
                t("2026-06-09T01:00:00Z"),
                new Gap(t("2026-04-01T05:00:00Z"), t("2026-06-09T01:00:00Z")))),
        arguments(
            "between full slots (this one abandoned) a chain out of PITR rebases just inside PITR",
            "1h",
            chain("2026-06-09T01:00:00Z", "2026-04-01T01:00:00Z", "2026-04-01T05:00:00Z"),
            t("2026-05-05T12:34:56Z"),
            "2026-06-09T02:00:00Z",
            new ExportDecision.Start(
                ExportWindow.full(t("2026-05-05T13:00:00Z")),
                null,
                new Gap(t("2026-04-01T05:00:00Z"), t("2026-05-05T13:00:00Z")))),
        arguments(
            "a rebase point less than the margin inside the window moves one period on",
            "1h",
            chain("2026-06-09T01:00:00Z", "2026-04-01T01:00:00Z", "2026-04-01T05:00:00Z"),
            t("2026-05-05T12:55:00Z"),
            "2026-06-09T02:00:00Z",
            new ExportDecision.Start(
                ExportWindow.full(t("2026-05-05T14:00:00Z")),
                null,
                new Gap(t("2026-04-01T05:00:00Z"), t("2026-05-05T14:00:00Z")))),
        arguments(
            "a full slot before the PITR window is given up",
            "1h",
            chain(null, null, null),
            t("2026-06-01T02:00:00Z"),
            "2026-06-01T02:05:00Z",
            new ExportDecision.SkipFullSlot(t("2026-06-01T01:00:00Z"))),
        arguments(
            "a slot exactly at the earliest restorable time is exported",
            "1h",
            chain(null, null, null),
            t("2026-06-01T01:00:00Z"),
            "2026-06-01T02:05:00Z",
            start(ExportWindow.full(t("2026-06-01T01:00:00Z")), "2026-06-01T01:00:00Z", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(
      String sentence,
      String cadence,
      ExportChain chain,
      Instant earliestRestorable,
      String now,
      ExportDecision expected) {
    ExportDecision decision =
        ExportPlanner.plan(cadence(cadence), chain, earliestRestorable, t(now));
    assertThat(decision).isEqualTo(expected);
  }

  /** A line's cadence: a period alone (daily full at 03:00), or a cron, a bar, then a period. */
  private static ExportCadence cadence(String line) {
    String[] parts = line.contains("|") ? line.split("\\|", -1) : new String[] {DAILY, line};
    CronSchedule full = CronSchedule.parse(parts[0], "Europe/Berlin").validSchedule().get();
    Duration p = ExportCadence.parsePeriod(parts[1]).period();
    return new ExportCadence(full, p);
  }

  private static ExportChain chain(String lastFull, String base, String through) {
    return new ExportChain(CREATED, ts(lastFull), ts(base), ts(through), null);
  }

  private static ExportDecision.Start start(ExportWindow window, String slot, Gap gap) {
    return new ExportDecision.Start(window, ts(slot), gap);
  }

  private static ExportWindow inc(String from, String to) {
    return ExportWindow.incremental(t(from), t(to));
  }

  private static Instant ts(String text) {
    return text == null ? null : t(text);
  }

  private static Instant t(String text) {
    return Instant.parse(text);
  }
}
