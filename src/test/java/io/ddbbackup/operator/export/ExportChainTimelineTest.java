package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Days of a chain in virtual time. The judge is computed here from the calendar and the clock
 * (java.time, no cron library): the full exports a daily 03:00 cron in Berlin must give, and the
 * incremental windows that must lie between them.
 */
class ExportChainTimelineTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Duration PERIOD = Duration.ofMinutes(15);
  private static final Duration EXPORT_TAKES = Duration.ofMinutes(7);
  private static final Duration DAY = Duration.ofHours(24);

  @Test
  void fullsAtEachSlotAndIncrementalsBetweenThemAcrossTheAutumnClockChange() {
    // created on 2026-10-22 at noon in Berlin; clocks go back on 2026-10-25 (a 25-hour day)
    Instant created = LocalDate.of(2026, 10, 22).atTime(12, 0).atZone(BERLIN).toInstant();
    Instant end = LocalDate.of(2026, 10, 28).atTime(12, 0).atZone(BERLIN).toInstant();
    ChainRun run = new ChainRun(cadence(PERIOD), created, EXPORT_TAKES, t -> t.minus(35, DAYS));

    run.runUntil(end);

    List<Instant> fulls = dailyAt3(LocalDate.of(2026, 10, 23), LocalDate.of(2026, 10, 28));
    List<ExportWindow> expected = new ArrayList<>();
    for (int i = 0; i < fulls.size(); i++) {
      expected.add(ExportWindow.full(fulls.get(i)));
      // the run's last reconcile is a tick before its end
      Instant limit = i + 1 < fulls.size() ? fulls.get(i + 1) : end.minus(ChainRun.TICK);
      for (Instant from = fulls.get(i);
          !from.plus(PERIOD).isAfter(limit);
          from = from.plus(PERIOD)) {
        expected.add(ExportWindow.incremental(from, from.plus(PERIOD)));
      }
    }
    // the last incremental before a full slot ends at it, and is started before the full export
    assertThat(windows(run)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(fullTimes(run)).containsExactlyElementsOf(fulls);
    // 03:00 on the 24th (summer time) to 03:00 on the 25th (winter time): 25 hours of windows
    assertThat(Duration.between(fulls.get(1), fulls.get(2))).isEqualTo(Duration.ofHours(25));
    for (ChainRun.Started s : run.started()) {
      // never before its window is over, and on time: at most one export and a tick late
      assertThat(s.at()).isAfterOrEqualTo(s.window().to());
      assertThat(s.at()).isBeforeOrEqualTo(s.window().to().plus(EXPORT_TAKES).plus(ChainRun.TICK));
    }
    assertThat(run.gaps()).isEmpty();
    assertChainIsContinuous(windows(run));
  }

  @Test
  void threeDaysDownCatchesUpInWindowsOf24HoursThenTheNewestFullSlot() {
    Instant created = LocalDate.of(2026, 6, 1).atTime(12, 0).atZone(BERLIN).toInstant();
    Instant downAt = LocalDate.of(2026, 6, 2).atTime(10, 0).atZone(BERLIN).toInstant();
    ChainRun run = new ChainRun(cadence(PERIOD), created, EXPORT_TAKES, t -> t.minus(35, DAYS));
    run.runUntil(downAt);
    int before = run.started().size();
    Instant throughAtOutage = lastEnd(run);

    run.down(Duration.ofDays(3)); // back on 2026-06-05 at 10:00 Berlin
    Instant back = run.now();
    run.runUntil(back.plus(Duration.ofHours(4)));

    // judge: where the chain stood (09:45 on the 2nd), 24-hour windows up to the newest full
    // slot (03:00 on the 5th; the 3rd's and 4th's collapse into it), the rest of the way there,
    // that full export, then windows from it catching up to the clock
    Instant newestFull = LocalDate.of(2026, 6, 5).atTime(3, 0).atZone(BERLIN).toInstant();
    assertThat(throughAtOutage)
        .isEqualTo(LocalDate.of(2026, 6, 2).atTime(9, 45).atZone(BERLIN).toInstant());
    List<ExportWindow> after = windows(run).subList(before, run.started().size());
    assertThat(after.subList(0, 4))
        .containsExactly(
            ExportWindow.incremental(throughAtOutage, throughAtOutage.plus(DAY)),
            ExportWindow.incremental(
                throughAtOutage.plus(DAY), throughAtOutage.plus(DAY).plus(DAY)),
            ExportWindow.incremental(throughAtOutage.plus(DAY).plus(DAY), newestFull),
            ExportWindow.full(newestFull));
    assertChainIsContinuous(windows(run));
    assertWindowsAreWholePeriodsUpTo24Hours(run);
    // four hours after coming back the chain is as fresh as one period and one export allow
    assertThat(lastEnd(run))
        .isAfterOrEqualTo(run.now().minus(PERIOD).minus(EXPORT_TAKES).minus(ChainRun.TICK));
    assertThat(run.gaps()).isEmpty();
  }

  @Test
  void anOutageLongerThanThePitrWindowGivesANewBaseAndReportsTheGap() {
    Instant created = LocalDate.of(2026, 6, 1).atTime(12, 0).atZone(BERLIN).toInstant();
    Instant downAt = LocalDate.of(2026, 6, 2).atTime(10, 0).atZone(BERLIN).toInstant();
    // PITR keeps 2 days here (the recovery period can be set from 1 to 35 days)
    ChainRun run = new ChainRun(cadence(PERIOD), created, EXPORT_TAKES, t -> t.minus(2, DAYS));
    run.runUntil(downAt);
    int before = run.started().size();
    Instant throughAtOutage = lastEnd(run);

    run.down(Duration.ofDays(5)); // back on 2026-06-07 at 10:00 Berlin
    run.runUntil(run.now().plus(Duration.ofHours(1)));

    Instant newestFull = LocalDate.of(2026, 6, 7).atTime(3, 0).atZone(BERLIN).toInstant();
    assertThat(run.gaps()).containsExactly(new Gap(throughAtOutage, newestFull));
    List<ExportWindow> after = windows(run).subList(before, run.started().size());
    assertThat(after.get(0)).isEqualTo(ExportWindow.full(newestFull));
    // back at 10:00, the full export done at 10:07: one window from 03:00 to the last quarter
    Instant caughtUpTo = LocalDate.of(2026, 6, 7).atTime(10, 0).atZone(BERLIN).toInstant();
    assertThat(after.get(1)).isEqualTo(ExportWindow.incremental(newestFull, caughtUpTo));
    assertChainIsContinuous(after);
  }

  private static final java.time.temporal.ChronoUnit DAYS = java.time.temporal.ChronoUnit.DAYS;

  private static ExportCadence cadence(Duration period) {
    CronSchedule full = CronSchedule.parse("0 3 * * *", BERLIN.getId()).validSchedule().get();
    return new ExportCadence(full, period);
  }

  private static List<Instant> dailyAt3(LocalDate first, LocalDate last) {
    List<Instant> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d.atTime(LocalTime.of(3, 0)).atZone(BERLIN).toInstant());
    }
    return days;
  }

  /** Each incremental starts exactly where the export before it (full or not) ends. */
  private static void assertChainIsContinuous(List<ExportWindow> windows) {
    assertThat(windows.get(0).kind()).isEqualTo(ExportKind.FULL);
    for (int i = 1; i < windows.size(); i++) {
      ExportWindow w = windows.get(i);
      if (w.kind() == ExportKind.INCREMENTAL) {
        assertThat(w.from())
            .as("window %d starts where %d ends", i, i - 1)
            .isEqualTo(windows.get(i - 1).to());
      }
    }
  }

  /** Every incremental is whole periods, at most 24 hours, and over before it is started. */
  private static void assertWindowsAreWholePeriodsUpTo24Hours(ChainRun run) {
    for (ChainRun.Started s : run.started()) {
      assertThat(s.at()).isAfterOrEqualTo(s.window().to());
      if (s.window().kind() == ExportKind.INCREMENTAL) {
        Duration length = Duration.between(s.window().from(), s.window().to());
        assertThat(length).isLessThanOrEqualTo(DAY).isGreaterThanOrEqualTo(PERIOD);
        assertThat(length.toSeconds() % PERIOD.toSeconds()).isZero();
      }
    }
  }

  private static List<ExportWindow> windows(ChainRun run) {
    return run.started().stream().map(ChainRun.Started::window).toList();
  }

  private static List<Instant> fullTimes(ChainRun run) {
    return windows(run).stream()
        .filter(w -> w.kind() == ExportKind.FULL)
        .map(ExportWindow::to)
        .toList();
  }

  private static Instant lastEnd(ChainRun run) {
    return run.started().get(run.started().size() - 1).window().to();
  }
}
