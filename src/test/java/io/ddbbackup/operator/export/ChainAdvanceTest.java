package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A schedule's exports over virtual time against a DynamoDB that behaves like the real one ({@link
 * FakeExportStore}): the status is what the recorder last wrote, a crash throws away everything
 * else, and the judge is DynamoDB's ledger of exports made, read against windows computed here from
 * the calendar.
 */
class ChainAdvanceTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Duration PERIOD = Duration.ofMinutes(15);
  private static final Duration EXPORT_TAKES = Duration.ofMinutes(6);
  private static final String UID = "7f1c2a4e-0b9d-4c1e-9a7e-3d2f5b6c8a90";
  private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final Instant CREATED =
      LocalDate.of(2026, 6, 1).atTime(12, 0).atZone(BERLIN).toInstant();
  private static final Instant FIRST_FULL =
      LocalDate.of(2026, 6, 2).atTime(3, 0).atZone(BERLIN).toInstant();

  /** One schedule's world: DynamoDB, the status, and the operator process (replaced on a crash). */
  private final class World {
    Instant now = CREATED;
    final FakeExportStore dynamo =
        new FakeExportStore(() -> now, EXPORT_TAKES, t -> t.minus(35, ChronoUnit.DAYS));
    final ChainAdvance.Site site;
    ChainState status = new ChainState(ExportChain.empty(CREATED), null);
    int statusWrites;
    boolean crashAfterNextRecord;
    final ConcurrentExports seats = new ConcurrentExports();
    ChainAdvance operator = new ChainAdvance(dynamo, seats);
    final List<ChainAdvance.Note> notes = new ArrayList<>();

    World(Duration period) {
      CronSchedule full = CronSchedule.parse("0 3 * * *", BERLIN.getId()).validSchedule().get();
      site =
          new ChainAdvance.Site(
              new TableTarget(TABLE_ARN, null, null),
              "eu-west-1",
              TABLE_ARN,
              UID,
              new ExportCadence(full, period),
              new ExportDestination(
                  "offsite",
                  null,
                  "shop/orders",
                  ExportDestination.Sse.AES256,
                  null,
                  ExportDestination.Format.DYNAMODB_JSON));
    }

    /** When the last reconcile asked to be woken; a new process reconciles at once. */
    Instant wakeAt = CREATED;

    /** One reconcile; the state it ends with is written when it changed. */
    void reconcile() {
      ChainAdvance.Result result;
      boolean following = status.recorded() != null;
      int readsBefore = pitrReads;
      try {
        result = operator.advance(site, status, countedPitr(), now, this::record);
      } catch (Crash crash) {
        operator = new ChainAdvance(dynamo, new ConcurrentExports()); // a new process
        wakeAt = now;
        return;
      }
      notes.addAll(result.notes());
      if (following && result.state().recorded() != null) {
        followsStillInFlight++;
        pitrReadsWhileFollowing += pitrReads - readsBefore;
      }
      if (!result.state().equals(status)) {
        status = result.state();
        statusWrites++;
      }
      // a failed call comes back after a minute (the reconciler's backoff)
      wakeAt = result.failure() != null ? now.plus(Duration.ofMinutes(1)) : result.wakeAt();
    }

    /** Moves the clock to the next wake-up and reconciles there. */
    void step() {
      if (wakeAt.isAfter(now)) {
        now = wakeAt;
      }
      reconcile();
    }

    private boolean record(ChainState state) {
      status = state;
      statusWrites++;
      if (crashAfterNextRecord) {
        crashAfterNextRecord = false;
        throw new Crash(); // kill -9 between the status write and the call
      }
      return true;
    }

    boolean pitrOff;

    /** DescribeContinuousBackups the operator would have made (each question of the window). */
    int pitrReads;

    /** Reconciles that followed an export still in flight after them, and their reads. */
    int followsStillInFlight;

    int pitrReadsWhileFollowing;

    /** The window as the reconciler gives it: each question counted as a read. */
    PitrWindow countedPitr() {
      return new PitrWindow() {
        @Override
        public Instant earliest() {
          pitrReads++;
          return World.this.earliest();
        }

        @Override
        public Instant latest() {
          pitrReads++;
          return null;
        }
      };
    }

    Instant earliest() {
      return pitrOff ? null : now.minus(35, ChronoUnit.DAYS);
    }

    /** Reconciles at every wake-up before {@code end}, as the operator would; then it is end. */
    void runUntil(Instant end) {
      while (wakeAt != null && wakeAt.isBefore(end)) {
        step();
      }
      now = end;
    }

    /** The operator comes back after being down: every schedule is reconciled at once. */
    void backAfter(Duration down) {
      now = now.plus(down);
      wakeAt = now;
    }

    /** Every window DynamoDB exported, in order; a window exported twice appears twice. */
    List<ExportWindow> exported() {
      return dynamo.ledger().stream()
          .filter(m -> !m.fails())
          .map(m -> m.request().window())
          .toList();
    }
  }

  private static final class Crash extends RuntimeException {}

  @Test
  void aDayOfFifteenMinuteWindowsIsExportedOnceEachWithFewCallsAndWrites() {
    World w = new World(PERIOD);
    Instant end = FIRST_FULL.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(30));

    w.runUntil(end);

    // the judge: the full at 03:00 on the 2nd and on the 3rd, 15-minute windows between and after
    Instant secondFull = LocalDate.of(2026, 6, 3).atTime(3, 0).atZone(BERLIN).toInstant();
    List<ExportWindow> expected = new ArrayList<>();
    expected.add(ExportWindow.full(FIRST_FULL));
    for (Instant f = FIRST_FULL; f.isBefore(secondFull); f = f.plus(PERIOD)) {
      expected.add(ExportWindow.incremental(f, f.plus(PERIOD)));
    }
    expected.add(ExportWindow.full(secondFull));
    expected.add(ExportWindow.incremental(secondFull, secondFull.plus(PERIOD)));
    assertThat(w.exported()).containsExactlyElementsOf(expected);
    int exports = expected.size();
    assertThat(w.dynamo.calls(Operation.EXPORT)).isEqualTo(exports);
    // the follow-ups: an export of 6 minutes is looked at three times at most
    assertThat(w.dynamo.calls(Operation.DESCRIBE_EXPORT)).isLessThanOrEqualTo(3 * exports);
    assertThat(w.dynamo.calls(Operation.LIST_EXPORTS)).isZero();
    // per export: the record before the call, the ARN, the completion
    assertThat(w.statusWrites).isLessThanOrEqualTo(3 * exports);
  }

  @Test
  void aScheduleWithOnlyDailyFullsMakesNoCallAndNoWriteBetweenThem() {
    World w = new World(null);
    w.runUntil(FIRST_FULL.plus(Duration.ofMinutes(30)));
    assertThat(w.exported()).containsExactly(ExportWindow.full(FIRST_FULL));
    int calls = w.dynamo.allCalls();
    int writes = w.statusWrites;

    w.runUntil(FIRST_FULL.plus(Duration.ofHours(23)));

    assertThat(w.dynamo.allCalls()).isEqualTo(calls);
    assertThat(w.statusWrites).isEqualTo(writes);
  }

  @Test
  void aCrashBetweenTheRecordAndTheCallExportsTheWindowOnceAfterTheRestart() {
    World w = new World(PERIOD);
    w.runUntil(FIRST_FULL.plus(Duration.ofMinutes(29)));
    ExportWindow second =
        ExportWindow.incremental(FIRST_FULL.plus(PERIOD), FIRST_FULL.plus(PERIOD.multipliedBy(2)));
    w.crashAfterNextRecord = true;

    w.runUntil(FIRST_FULL.plus(Duration.ofHours(2)));

    assertThat(w.status.chain().gapFreeThrough()).isAfter(second.to());
    assertThat(countOf(w.exported()))
        .allSatisfy((window, n) -> assertThat(n).as(window.toString()).isEqualTo(1L));
    assertThat(w.exported()).contains(second);
    assertChainIsContinuous(w.exported());
  }

  @Test
  void aLostAnswerIsAnsweredAgainByTheSameTokenAndMakesNoSecondExport() {
    World w = new World(PERIOD);
    w.runUntil(FIRST_FULL.plus(Duration.ofMinutes(29)));
    w.dynamo.loseNextAnswer();
    int startsBefore = w.dynamo.calls(Operation.EXPORT);

    w.runUntil(FIRST_FULL.plus(Duration.ofHours(2)));

    assertThat(countOf(w.exported()))
        .allSatisfy((window, n) -> assertThat(n).as(window.toString()).isEqualTo(1L));
    assertChainIsContinuous(w.exported());
    // one call lost its answer and was made again: one call more than exports made since
    int exportsSince = w.dynamo.ledger().size() - startsBefore;
    assertThat(w.dynamo.calls(Operation.EXPORT) - startsBefore).isEqualTo(exportsSince + 1);
  }

  @Test
  void aLostAnswerFollowedByTenHoursDownIsFoundByItsTokenNotMadeAgain() {
    World w = new World(PERIOD);
    w.runUntil(FIRST_FULL.plus(Duration.ofMinutes(29)));
    w.dynamo.loseNextAnswer();
    w.step(); // the call is made, DynamoDB starts the export, the answer is lost
    assertThat(w.status.recorded().arn()).isNull();
    ExportWindow lost = w.status.recorded().window();

    w.backAfter(Duration.ofHours(10)); // the operator is down past the token's 8 hours
    w.step();

    assertThat(w.dynamo.calls(Operation.LIST_EXPORTS)).isPositive();
    assertThat(w.dynamo.ledger().stream().filter(m -> m.request().window().equals(lost)))
        .hasSize(1);
    // found COMPLETED and adopted; the catch-up window after it starts where it ends
    assertThat(w.status.recorded().window().from()).isEqualTo(lost.to());
    w.runUntil(w.now.plus(Duration.ofHours(1)));
    assertThat(countOf(w.exported()))
        .allSatisfy((window, n) -> assertThat(n).as(window.toString()).isEqualTo(1L));
    assertChainIsContinuous(w.exported());
  }

  @Test
  void threeDaysDownCatchesUpInOneExportPer24HourWindow() {
    World w = new World(PERIOD);
    Instant downAt = FIRST_FULL.plus(Duration.ofHours(7));
    w.runUntil(downAt);
    Instant through = w.status.chain().gapFreeThrough();
    int before = w.dynamo.ledger().size();

    w.backAfter(Duration.ofDays(3));
    w.runUntil(w.now.plus(Duration.ofHours(3)));

    List<ExportWindow> after = w.exported().subList(before, w.exported().size());
    assertThat(after.get(0))
        .isEqualTo(ExportWindow.incremental(through, through.plus(Duration.ofDays(1))));
    assertThat(after.get(1))
        .isEqualTo(
            ExportWindow.incremental(
                through.plus(Duration.ofDays(1)), through.plus(Duration.ofDays(2))));
    assertThat(countOf(w.exported())).allSatisfy((window, n) -> assertThat(n).isEqualTo(1L));
    assertChainIsContinuous(w.exported());
  }

  @Test
  void aFailedExportIsRetriedWithANewTokenUntilTheWindowIsExported() {
    World w = new World(PERIOD);
    ExportWindow second =
        ExportWindow.incremental(FIRST_FULL.plus(PERIOD), FIRST_FULL.plus(PERIOD.multipliedBy(2)));
    w.dynamo.failExportsOf(Set.of(second));

    w.runUntil(FIRST_FULL.plus(Duration.ofHours(2)));

    List<FakeExportStore.Made> ofSecond =
        w.dynamo.ledger().stream().filter(m -> m.request().window().equals(second)).toList();
    assertThat(ofSecond).hasSize(2);
    assertThat(ofSecond.get(0).fails()).isTrue();
    assertThat(ofSecond.get(1).request().clientToken())
        .isNotEqualTo(ofSecond.get(0).request().clientToken());
    assertThat(w.notes).anySatisfy(n -> assertThat(n).isInstanceOf(ChainAdvance.Note.Failed.class));
    assertChainIsContinuous(w.exported());
  }

  @Test
  void withPitrOffNothingIsCalledAndTheNoteSaysSo() {
    World off = new World(PERIOD);
    off.pitrOff = true;
    off.dynamo.pitr(null);

    off.runUntil(FIRST_FULL.plus(Duration.ofHours(1)));

    assertThat(off.dynamo.allCalls()).isZero();
    assertThat(off.statusWrites).isZero();
    assertThat(off.notes)
        .anySatisfy(n -> assertThat(n).isInstanceOf(ChainAdvance.Note.PitrOff.class));
  }

  @Test
  void withTheAccounts300FullExportsInFlightTheNextWaitsWithoutACallUntilOneEnds() {
    World w = new World(PERIOD);
    ConcurrentExports.Key fulls =
        new ConcurrentExports.Key("111122223333", "eu-west-1", ExportKind.FULL);
    for (int i = 0; i < 300; i++) {
      w.seats.holdRunning(fulls, "another schedule " + i);
    }

    w.runUntil(FIRST_FULL.plus(Duration.ofMinutes(10)));

    assertThat(w.dynamo.calls(Operation.EXPORT)).isZero();
    assertThat(w.notes)
        .anySatisfy(n -> assertThat(n).isEqualTo(new ChainAdvance.Note.WaitingForASeat(300)));
    assertThat(w.notes)
        .filteredOn(n -> n instanceof ChainAdvance.Note.WaitingForASeat)
        .as("a look each minute")
        .hasSizeGreaterThanOrEqualTo(10);
    assertThat(w.pitrReads)
        .as("no read of the table's PITR window (DescribeContinuousBackups) while no seat is free")
        .isZero();
    w.seats.release(fulls, "another schedule 17");
    w.runUntil(FIRST_FULL.plus(Duration.ofMinutes(12)));
    assertThat(w.exported()).containsExactly(ExportWindow.full(FIRST_FULL));
    assertThat(w.pitrReads).as("read once (earliest, latest), to start it").isEqualTo(2);
  }

  /**
   * The table's PITR window (one DescribeContinuousBackups each) is read only to start an export:
   * following an export in flight, and reconciling while nothing is due, read none.
   */
  @Test
  void followingAnExportInFlightOrWaitingForTheNextWindowReadsNoPointInTimeWindow() {
    World w = new World(PERIOD);
    w.runUntil(FIRST_FULL.plus(PERIOD.multipliedBy(4)).plus(Duration.ofMinutes(10)));

    assertThat(w.exported()).hasSize(5);
    assertThat(w.followsStillInFlight).as("follows of an export in flight").isPositive();
    assertThat(w.pitrReadsWhileFollowing).as("window reads while following").isZero();
    assertThat(w.pitrReads)
        .as("two questions (earliest, latest) by each reconcile that starts an export")
        .isEqualTo(2 * 5);
  }

  private static Map<ExportWindow, Long> countOf(List<ExportWindow> windows) {
    return windows.stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

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
}
