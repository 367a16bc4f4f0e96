package io.ddbbackup.operator.export;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's limit on exports in flight, kept on our side: 300 full and 300 incremental exports per
 * account and region. Each export the operator starts holds a seat from before its window is
 * recorded until it is seen done; a schedule that finds no seat free waits instead of making a call
 * that LimitExceededException would refuse. Exports started by others in the account are not seen
 * here: DynamoDB's own refusal remains the last word, and counts as throttling.
 *
 * <p>Seats are named (the schedule's uid and the window), so asking twice for one export holds one
 * seat. Nothing is persisted: after a restart each schedule with an export in flight takes its seat
 * again with {@link #holdRunning}, which counts it even beyond the limit, as it runs regardless.
 */
public final class ConcurrentExports {

  /** Exports in flight per account, region and kind (DynamoDB's service quotas). */
  public static final int PER_ACCOUNT_AND_REGION = 300;

  /** Whose limit an export counts against. */
  public record Key(String account, String region, ExportKind kind) {}

  private final int limit;
  private final Map<Key, Set<String>> seats = new HashMap<>();

  public ConcurrentExports() {
    this(PER_ACCOUNT_AND_REGION);
  }

  ConcurrentExports(int limit) {
    this.limit = limit;
  }

  /**
   * Takes a seat for {@code export} if it holds none and one is free. True when it holds one
   * afterwards.
   */
  public synchronized boolean tryHold(Key key, String export) {
    if (wouldWait(key, export)) {
      return false;
    }
    seats.computeIfAbsent(key, k -> new HashSet<>()).add(export);
    return true;
  }

  /**
   * True when {@link #tryHold} would refuse {@code export} now: it holds no seat and none is free.
   */
  public synchronized boolean wouldWait(Key key, String export) {
    Set<String> held = seats.get(key);
    return held != null && !held.contains(export) && held.size() >= limit;
  }

  /** Counts an export already running in DynamoDB, whatever the count. */
  public synchronized void holdRunning(Key key, String export) {
    seats.computeIfAbsent(key, k -> new HashSet<>()).add(export);
  }

  /** Frees the seat of an export seen done (completed or failed), or given up. */
  public synchronized void release(Key key, String export) {
    Set<String> held = seats.get(key);
    if (held != null) {
      held.remove(export);
    }
  }

  /** The exports in flight counted against {@code key}'s limit. */
  public synchronized int inFlight(Key key) {
    Set<String> held = seats.get(key);
    return held == null ? 0 : held.size();
  }
}
