package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.quota.Quotas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One reconcile's work on a schedule's chain of exports, exactly once per window: follow the export
 * in flight, and when none is, start the next one the planner names. Free of Kubernetes: the status
 * write that must precede the call is the {@link Recorder} it is given.
 *
 * <p>The order for a new export is: a seat of {@link ConcurrentExports}, the window recorded (the
 * recorder's write must succeed), then ExportTableToPointInTime with the window's token. Whatever
 * breaks after the record (a crash, a lost answer, a new leader) leaves a recorded window without
 * an ARN, which the next reconcile resolves by {@link RecordedExport#whenUnknown}: the same call
 * again while DynamoDB still knows the token, else a search by token. So a window is exported once
 * (a new attempt, with a new token, only after DynamoDB failed the export).
 */
public final class ChainAdvance {

  /** Writes the chain to status before a call; false when the write did not happen. */
  public interface Recorder {
    boolean record(ChainState state);

    /**
     * Writes the chain with the gap this record reports (null when none), so that a gap is told
     * once, with the record that starts the new base, whatever happens after it.
     */
    default boolean record(ChainState state, Gap gap) {
      return record(state);
    }

    /**
     * Keeps beside a completed export what a restore from the bucket alone needs (its record),
     * before the chain moves past it. A failure keeps the export in flight: the next reconcile sees
     * it completed again and tries again, so no link of the chain in status lacks its record.
     */
    default void completed(ExportWindow window, Export export) {}
  }

  /** Where a schedule's exports go and whose they are. */
  public record Site(
      TableTarget target,
      String region,
      String tableArn,
      String scheduleUid,
      ExportCadence cadence,
      ExportDestination destination) {}

  /** Something worth telling the user (an Event, a condition, a metric). */
  public sealed interface Note {
    record Started(Export export, Gap gap) implements Note {}

    record Completed(Export export) implements Note {}

    record Failed(Export export, boolean retried) implements Note {}

    record Abandoned(ExportWindow window, String why) implements Note {}

    record SkippedSlot(Instant slot) implements Note {}

    record PitrOff() implements Note {}

    record WaitingForASeat(int inFlight) implements Note {}
  }

  /**
   * The outcome: the state to write at the end of the reconcile, what happened, when to come back
   * (null: nothing due), and the failure that stopped the work (null when none did).
   */
  public record Result(
      ChainState state, List<Note> notes, Instant wakeAt, BackupStoreException failure) {}

  /**
   * The fewest pages of ListExports a search reads before it concludes the export was never made.
   */
  static final int SEARCH_PAGES = 8;

  static final Duration FOLLOW_AT_LEAST = Duration.ofMinutes(2);
  static final Duration FOLLOW_AT_MOST = Duration.ofMinutes(10);
  static final Duration SEAT_RETRY = Duration.ofMinutes(1);
  static final Duration RETRY_AT_MOST = Duration.ofHours(1);

  private final ExportStore store;
  private final ConcurrentExports seats;

  public ChainAdvance(ExportStore store, ConcurrentExports seats) {
    this.store = store;
    this.seats = seats;
  }

  /**
   * @param earliestRestorable the table's earliest restorable time now, or null with PITR off
   */
  public Result advance(
      Site site, ChainState state, Instant earliestRestorable, Instant now, Recorder recorder) {
    return advance(site, state, earliestRestorable, null, now, recorder);
  }

  /**
   * @param earliestRestorable the table's earliest restorable time now, or null with PITR off
   * @param latestRestorable the table's latest restorable time now, or null when not known: no
   *     export time after it is asked for ({@link ExportPlanner})
   */
  public Result advance(
      Site site,
      ChainState state,
      Instant earliestRestorable,
      Instant latestRestorable,
      Instant now,
      Recorder recorder) {
    return advance(site, state, PitrWindow.of(earliestRestorable, latestRestorable), now, recorder);
  }

  /**
   * As above, with the table's PITR window read only when the work needs it: not to follow an
   * export in flight (only one DynamoDB failed asks whether its window left the PITR window), not
   * while nothing is due even as if the whole past were restorable, not while every seat of the
   * next export's kind is taken. At a fleet's size those reads would otherwise be most of the calls
   * (one per follow and per minute of waiting for a seat). A failed read throws; nothing was
   * recorded or called after it in this reconcile.
   */
  public Result advance(
      Site site, ChainState state, PitrWindow pitr, Instant now, Recorder recorder) {
    List<Note> notes = new ArrayList<>();
    try {
      if (state.recorded() != null) {
        Following followed = follow(site, state, pitr, now, recorder, notes);
        if (followed.wakeAt != null || followed.state.recorded() != null) {
          return new Result(followed.state, notes, followed.wakeAt, null);
        }
        state = followed.state;
      }
      Result waiting = waitingWithoutTheWindow(site, state, now, notes);
      if (waiting != null) {
        return waiting;
      }
      return startNext(site, state, pitr.earliest(), pitr.latest(), now, recorder, notes);
    } catch (Stop stop) {
      return new Result(stop.state, notes, null, stop.failure);
    }
  }

  /**
   * The wait that needs no PITR window, or null: nothing is due even as if the whole past were
   * restorable (a plan that can only say "due" too early, never too late), or the export that would
   * be due finds every seat of its kind taken (it comes back in a minute, as a start that found
   * none would).
   */
  private Result waitingWithoutTheWindow(
      Site site, ChainState state, Instant now, List<Note> notes) {
    ExportDecision optimistic =
        ExportPlanner.plan(site.cadence(), state.chain(), Instant.EPOCH, now);
    if (optimistic instanceof ExportDecision.Wait wait) {
      return new Result(state, notes, wait.wakeAt(), null);
    }
    if (optimistic instanceof ExportDecision.Start start) {
      ConcurrentExports.Key key = seatKey(site, start.window());
      if (seats.wouldWait(key, seatName(site, start.window()))) {
        notes.add(new Note.WaitingForASeat(seats.inFlight(key)));
        return new Result(state, notes, now.plus(SEAT_RETRY), null);
      }
    }
    return null;
  }

  private record Following(ChainState state, Instant wakeAt) {}

  /** A failed call that ends this reconcile's work, with the state to write. */
  private static final class Stop extends RuntimeException {
    final transient ChainState state;
    final transient BackupStoreException failure;

    Stop(ChainState state, BackupStoreException failure) {
      super(failure.getMessage(), null, false, false);
      this.state = state;
      this.failure = failure;
    }
  }

  private Following follow(
      Site site,
      ChainState state,
      PitrWindow pitr,
      Instant now,
      Recorder recorder,
      List<Note> notes) {
    RecordedExport rec = state.recorded();
    ConcurrentExports.Key key = seatKey(site, rec.window());
    seats.holdRunning(key, seatName(site, rec.window()));
    Export export;
    if (rec.arn() == null) {
      export = resolve(site, state, now, notes);
      if (export == null) {
        return new Following(new ChainState(state.chain().abandoned(), null), null);
      }
      rec = rec.started(export.arn());
      state = new ChainState(state.chain(), rec);
    } else {
      export = describe(site, state, rec.arn());
    }
    switch (export.state()) {
      case IN_PROGRESS -> {
        return new Following(state, now.plus(followDelay(rec, now)));
      }
      case COMPLETED -> {
        try {
          recorder.completed(rec.window(), export);
        } catch (BackupStoreException e) {
          throw new Stop(state, e);
        }
        seats.release(key, seatName(site, rec.window()));
        notes.add(new Note.Completed(export));
        return new Following(new ChainState(state.chain().completed(), null), null);
      }
      default -> {
        seats.release(key, seatName(site, rec.window()));
        Instant earliest = pitr.earliest();
        if (earliest != null && startOf(rec.window()).isBefore(earliest)) {
          // its window left the PITR window: no retry can make it; the planner starts a new base
          notes.add(new Note.Failed(export, false));
          return new Following(new ChainState(state.chain().abandoned(), null), null);
        }
        notes.add(new Note.Failed(export, true));
        // a new attempt is recorded (with its new token) and called by a later reconcile, after a
        // pause that doubles with each failure: a denied bucket is not asked every few minutes
        RecordedExport retry = rec.retried(now);
        return new Following(new ChainState(state.chain(), retry), now.plus(retryDelay(rec)));
      }
    }
  }

  /**
   * What became of a recorded window whose call's answer never arrived: its export, started or
   * answered by calling again with the same token, or found by token; null when it can never be
   * made (its time left the PITR window, or the token met other parameters).
   */
  private Export resolve(Site site, ChainState state, Instant now, List<Note> notes) {
    RecordedExport rec = state.recorded();
    if (rec.whenUnknown(now) == RecordedExport.Unknown.SEARCH) {
      Optional<Export> found = search(site, state, rec);
      if (found.isPresent()) {
        return found.get();
      }
      // not among the table's exports: the first call never arrived, so calling makes it now
    }
    return call(site, state, rec, notes);
  }

  private Optional<Export> search(Site site, ChainState state, RecordedExport rec) {
    String next = null;
    for (int page = 0; page < SEARCH_PAGES; page++) {
      ExportStore.Page listed;
      try {
        listed = store.listPage(site.target(), site.tableArn(), next);
      } catch (BackupStoreException e) {
        throw new Stop(state, e);
      }
      List<Export> described = new ArrayList<>();
      for (Export summary : listed.exports()) {
        described.add(describe(site, state, summary.arn()));
      }
      Optional<Export> ours = rec.findIn(described, site.scheduleUid());
      if (ours.isPresent()) {
        return ours;
      }
      next = listed.nextToken();
      if (next == null) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private Export call(Site site, ChainState state, RecordedExport rec, List<Note> notes) {
    ExportRequest request =
        new ExportRequest(
            site.tableArn(), rec.window(), rec.token(site.scheduleUid()), site.destination());
    try {
      return store.start(site.target(), request);
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.INVALID_EXPORT_TIME || e.failure() == Failure.EXPORT_CONFLICT) {
        seats.release(seatKey(site, rec.window()), seatName(site, rec.window()));
        notes.add(new Note.Abandoned(rec.window(), e.getMessage()));
        return null;
      }
      throw new Stop(state, e);
    }
  }

  private Export describe(Site site, ChainState state, String arn) {
    try {
      return store.describe(site.target(), arn);
    } catch (BackupStoreException e) {
      throw new Stop(state, e);
    }
  }

  private Result startNext(
      Site site,
      ChainState state,
      Instant earliest,
      Instant latest,
      Instant now,
      Recorder recorder,
      List<Note> notes) {
    while (true) {
      ExportDecision decision =
          ExportPlanner.plan(site.cadence(), state.chain(), earliest, latest, now);
      if (decision instanceof ExportDecision.PitrOff) {
        notes.add(new Note.PitrOff());
        return new Result(state, notes, null, null);
      }
      if (decision instanceof ExportDecision.Wait wait) {
        return new Result(state, notes, wait.wakeAt(), null);
      }
      if (decision instanceof ExportDecision.SkipFullSlot skip) {
        notes.add(new Note.SkippedSlot(skip.slot()));
        state = new ChainState(state.chain().skipped(skip), null);
        continue;
      }
      if (decision instanceof ExportDecision.Start start) {
        return start(site, state, start, now, recorder, notes);
      }
      throw new IllegalStateException("an export in flight is followed first: " + decision);
    }
  }

  private Result start(
      Site site,
      ChainState state,
      ExportDecision.Start start,
      Instant now,
      Recorder recorder,
      List<Note> notes) {
    ConcurrentExports.Key key = seatKey(site, start.window());
    if (!seats.tryHold(key, seatName(site, start.window()))) {
      notes.add(new Note.WaitingForASeat(seats.inFlight(key)));
      return new Result(state, notes, now.plus(SEAT_RETRY), null);
    }
    RecordedExport rec = new RecordedExport(start.window(), 1, now, null);
    ChainState recorded = new ChainState(state.chain().recorded(start), rec);
    if (!recorder.record(recorded, start.gap())) {
      seats.release(key, seatName(site, start.window()));
      return new Result(state, notes, null, null);
    }
    try {
      Export export = call(site, recorded, rec, notes);
      if (export == null) {
        return new Result(new ChainState(recorded.chain().abandoned(), null), notes, now, null);
      }
      notes.add(new Note.Started(export, start.gap()));
      return new Result(
          new ChainState(recorded.chain(), rec.started(export.arn())),
          notes,
          now.plus(FOLLOW_AT_LEAST),
          null);
    } catch (Stop stop) {
      return new Result(stop.state, notes, null, stop.failure);
    }
  }

  /** After the n-th failed attempt: 1, 2, 4 … minutes, at most an hour. */
  static Duration retryDelay(RecordedExport failed) {
    int doublings = Math.min(failed.attempt() - 1, 6);
    Duration delay = Duration.ofMinutes(1L << doublings);
    return delay.compareTo(RETRY_AT_MOST) > 0 ? RETRY_AT_MOST : delay;
  }

  /**
   * Follow a young export often and an old one rarely: half its age, from 2 to 10 minutes, so an
   * export is looked at a few times whatever its length (DescribeExport shares its rate limit with
   * every schedule of the account).
   */
  static Duration followDelay(RecordedExport rec, Instant now) {
    Duration quarter = Duration.between(rec.recordedAt(), now).dividedBy(2);
    if (quarter.compareTo(FOLLOW_AT_LEAST) < 0) {
      return FOLLOW_AT_LEAST;
    }
    return quarter.compareTo(FOLLOW_AT_MOST) > 0 ? FOLLOW_AT_MOST : quarter;
  }

  private static Instant startOf(ExportWindow window) {
    return window.from() != null ? window.from() : window.to();
  }

  private static ConcurrentExports.Key seatKey(Site site, ExportWindow window) {
    return new ConcurrentExports.Key(Quotas.accountOf(site.target()), site.region(), window.kind());
  }

  private static String seatName(Site site, ExportWindow window) {
    return site.scheduleUid() + " " + window;
  }
}
