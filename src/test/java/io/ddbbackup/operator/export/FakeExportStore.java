package io.ddbbackup.operator.export;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * DynamoDB's export calls as the API reference describes them, on a clock the test moves: a token
 * answers with its export for 8 hours and refuses other parameters (ExportConflictException); a
 * full export's time and an incremental window must lie inside the PITR window and not in the
 * future (InvalidExportTimeException); a window is 15 minutes to 24 hours; PITR off is refused.
 * Every export ever started stays in {@link #ledger()}, the test's judge of how many were made.
 */
public final class FakeExportStore implements ExportStore {

  /** An export DynamoDB holds: what was asked, when it started, and how it ends. */
  public record Made(String arn, ExportRequest request, Instant startedAt, boolean fails) {}

  private static final Duration TOKEN_KEPT = Duration.ofHours(8);
  private static final int PAGE = 25;

  private final Supplier<Instant> clock;
  private final Duration takes;
  private UnaryOperator<Instant> earliestRestorable;
  private final List<Made> ledger = new ArrayList<>();
  private final Map<String, Made> byToken = new HashMap<>();
  private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
  private Set<ExportWindow> failing = Set.of();
  private boolean loseNextAnswer;

  public FakeExportStore(
      Supplier<Instant> clock, Duration takes, UnaryOperator<Instant> earliestRestorable) {
    this.clock = clock;
    this.takes = takes;
    this.earliestRestorable = earliestRestorable;
  }

  /** PITR turned off (null, or a window start of null) or on with another window. */
  private volatile UnaryOperator<Instant> latestRestorable;

  /**
   * The table's latest restorable time, as DynamoDB reports it (about five minutes before now): an
   * export time or a window's end after it is refused, as ExportTime outside the PITR window is.
   * Unset: the clock itself.
   */
  public void latest(UnaryOperator<Instant> latest) {
    this.latestRestorable = latest;
  }

  public void pitr(UnaryOperator<Instant> earliest) {
    this.earliestRestorable = earliest;
  }

  /** Exports of these windows end FAILED (S3AccessDenied), once each. */
  public void failExportsOf(Set<ExportWindow> windows) {
    this.failing = Set.copyOf(windows);
  }

  /** The next ExportTableToPointInTime starts its export, and its answer is lost on the way. */
  public void loseNextAnswer() {
    loseNextAnswer = true;
  }

  public List<Made> ledger() {
    return List.copyOf(ledger);
  }

  public int calls(Operation op) {
    return calls.getOrDefault(op, 0);
  }

  public int allCalls() {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public Export start(TableTarget target, ExportRequest request) {
    count(Operation.EXPORT);
    Instant now = clock.get();
    Made known = byToken.get(request.clientToken());
    if (known != null && now.isBefore(known.startedAt().plus(TOKEN_KEPT))) {
      if (!known.request().equals(request)) {
        throw failure(Failure.EXPORT_CONFLICT, "ExportConflictException");
      }
      return answer(describeNow(known));
    }
    Instant earliest = earliestRestorable == null ? null : earliestRestorable.apply(now);
    if (earliest == null) {
      throw failure(Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE, "PointInTimeRecoveryUnavailable");
    }
    ExportWindow w = request.window();
    Instant from = w.from() != null ? w.from() : w.to();
    Instant latest = latestRestorable == null ? now : latestRestorable.apply(now);
    if (from.isBefore(earliest) || w.to().isAfter(latest == null ? now : latest)) {
      throw failure(Failure.INVALID_EXPORT_TIME, "InvalidExportTimeException");
    }
    if (w.from() != null) {
      Duration length = Duration.between(w.from(), w.to());
      if (length.compareTo(Duration.ofMinutes(15)) < 0
          || length.compareTo(Duration.ofHours(24)) > 0) {
        throw failure(Failure.INVALID_REQUEST, "ValidationException");
      }
    }
    boolean fails =
        failing.contains(w) && ledger.stream().noneMatch(m -> m.request().window().equals(w));
    Made made =
        new Made(request.tableArn() + "/export/" + (1000 + ledger.size()), request, now, fails);
    ledger.add(made);
    byToken.put(request.clientToken(), made);
    return answer(describeNow(made));
  }

  @Override
  public Export describe(TableTarget target, String exportArn) {
    count(Operation.DESCRIBE_EXPORT);
    return ledger.stream()
        .filter(m -> m.arn().equals(exportArn))
        .findFirst()
        .map(this::describeNow)
        .orElseThrow(() -> failure(Failure.EXPORT_NOT_FOUND, "ExportNotFoundException"));
  }

  @Override
  public Page listPage(TableTarget target, String tableArn, String nextToken) {
    count(Operation.LIST_EXPORTS);
    List<Made> mine = new ArrayList<>();
    for (int i = ledger.size() - 1; i >= 0; i--) { // newest first
      if (ledger.get(i).request().tableArn().equals(tableArn)) {
        mine.add(ledger.get(i));
      }
    }
    int from = nextToken == null ? 0 : Integer.parseInt(nextToken);
    int to = Math.min(mine.size(), from + PAGE);
    List<Export> page =
        mine.subList(from, to).stream()
            .map(this::describeNow)
            .map(
                e ->
                    new Export(
                        e.arn(), e.state(), null, null, null, null, null, null, null, null, null))
            .toList();
    return new Page(page, to < mine.size() ? String.valueOf(to) : null);
  }

  private Export describeNow(Made m) {
    Instant now = clock.get();
    Instant end = m.startedAt().plus(takes);
    Export.State state =
        now.isBefore(end)
            ? Export.State.IN_PROGRESS
            : m.fails() ? Export.State.FAILED : Export.State.COMPLETED;
    boolean completed = state == Export.State.COMPLETED;
    return new Export(
        m.arn(),
        state,
        m.request().window(),
        m.request().clientToken(),
        completed ? 10L : null,
        completed ? 4096L : null,
        completed ? m.request().destination().prefix() + "/manifest-summary.json" : null,
        state == Export.State.FAILED ? "S3AccessDenied" : null,
        state == Export.State.FAILED ? "Access denied to the bucket" : null,
        m.startedAt(),
        state == Export.State.IN_PROGRESS ? null : end);
  }

  private Export answer(Export export) {
    if (loseNextAnswer) {
      loseNextAnswer = false;
      throw failure(Failure.UNAVAILABLE, null);
    }
    return export;
  }

  private void count(Operation op) {
    calls.merge(op, 1, Integer::sum);
  }

  private static BackupStoreException failure(Failure failure, String code) {
    return new BackupStoreException(failure, code, "fake: " + failure, null);
  }
}
