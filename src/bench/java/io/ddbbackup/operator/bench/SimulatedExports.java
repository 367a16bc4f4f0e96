package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportRequest;
import io.ddbbackup.operator.export.ExportWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * DynamoDB's export API and the export bucket's S3 calls as the benchmark needs them, on the wire
 * level, each call counted by API (independent of the operator's metrics) and taking 30–100 ms
 * (seeded). The rules are DynamoDB's (API reference of ExportTableToPointInTime): a ClientToken
 * answers with the export it started (the same parameters) or ExportConflictException (others); the
 * export time, or an incremental window's end, must lie inside the PITR window, whose latest
 * restorable time trails the clock by {@link #RESTORABLE_LAG}; an incremental window is 15 minutes
 * to 24 hours; at most 300 exports of each kind IN_PROGRESS per account and region, the next one
 * LimitExceededException. An export is IN_PROGRESS for a seeded time between the bounds given (AWS
 * publishes no duration; the bench's assumption is stated in docs/performance.md), then COMPLETED.
 * No per-second rate is enforced on the export calls: AWS publishes none.
 */
final class SimulatedExports {

  /** How far DynamoDB's latest restorable time trails the clock: about 5 minutes. */
  static final Duration RESTORABLE_LAG = Duration.ofMinutes(5);

  static final int IN_FLIGHT_LIMIT = 300;

  /** One export as DynamoDB holds it, and when it was recorded in the bucket. */
  record Made(
      String arn,
      String tableArn,
      ExportWindow window,
      String token,
      Instant startedAt,
      Instant completesAt,
      long sequence) {

    boolean done(Instant now) {
      return !now.isBefore(completesAt);
    }
  }

  /** A record the operator wrote beside an export, and when it arrived. */
  record Written(String key, ExportRecord record, Instant at) {}

  private final Clock clock;
  private final Random random;
  private final Duration durationMin;
  private final Duration durationMax;
  private final Duration restorableLag;
  private final Map<String, Made> byToken = new ConcurrentHashMap<>();
  private final Map<String, Made> byArn = new ConcurrentHashMap<>();
  private final Map<String, Written> objects = new ConcurrentHashMap<>();
  private final Map<Operation, LongAdder> calls = new EnumMap<>(Operation.class);
  private final LongAdder limitRefusals = new LongAdder();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param restorableLag how far the latest restorable time trails the clock ({@link
   *     #RESTORABLE_LAG}; shorter only for quick runs while developing the bench)
   */
  SimulatedExports(
      Clock clock, long seed, Duration durationMin, Duration durationMax, Duration restorableLag) {
    this.clock = clock;
    this.restorableLag = restorableLag;
    this.random = new Random(seed);
    this.durationMin = durationMin;
    this.durationMax = durationMax;
    for (Operation op : Operation.values()) {
      calls.put(op, new LongAdder());
    }
  }

  // ---- DynamoDB ----

  Export start(String account, String region, ExportRequest request) {
    Instant now = arrive(Operation.EXPORT);
    synchronized (this) {
      return decide(account, region, request, now);
    }
  }

  private Export decide(String account, String region, ExportRequest request, Instant now) {
    Made known = byToken.get(request.clientToken());
    if (known != null) {
      if (!known.window().equals(request.window()) || !known.tableArn().equals(request.tableArn())) {
        throw failure(Failure.EXPORT_CONFLICT, "ExportConflictException", "token reused");
      }
      return describe(known, now);
    }
    ExportWindow w = request.window();
    Instant latest = now.minus(restorableLag);
    if (w.to().isAfter(latest)) {
      throw failure(
          Failure.INVALID_EXPORT_TIME,
          "InvalidExportTimeException",
          "time %s is after the latest restorable time %s".formatted(w.to(), latest));
    }
    if (w.kind() == ExportKind.INCREMENTAL) {
      Duration span = Duration.between(w.from(), w.to());
      if (span.compareTo(Duration.ofMinutes(15)) < 0 || span.compareTo(Duration.ofHours(24)) > 0) {
        throw failure(Failure.INVALID_REQUEST, "ValidationException", "window " + span);
      }
    }
    long running =
        byArn.values().stream()
            .filter(m -> m.window().kind() == w.kind() && !m.done(now))
            .count();
    if (running >= IN_FLIGHT_LIMIT) {
      limitRefusals.increment();
      throw failure(
          Failure.LIMIT_EXCEEDED,
          "LimitExceededException",
          "%d %s exports in progress".formatted(running, w.kind()));
    }
    long n = sequence.incrementAndGet();
    String table = request.tableArn().substring(request.tableArn().indexOf(":table/") + 7);
    String arn =
        "arn:aws:dynamodb:%s:%s:table/%s/export/%013d-%08x"
            .formatted(region, account, table, now.toEpochMilli(), n);
    Made made =
        new Made(arn, request.tableArn(), w, request.clientToken(), now, now.plus(duration()), n);
    byToken.put(request.clientToken(), made);
    byArn.put(arn, made);
    return describe(made, now);
  }

  Export describe(String arn) {
    Instant now = arrive(Operation.DESCRIBE_EXPORT);
    Made made = byArn.get(arn);
    if (made == null) {
      throw failure(Failure.EXPORT_NOT_FOUND, "ExportNotFoundException", arn);
    }
    return describe(made, now);
  }

  /** ListExports of a table, newest first, 25 a page; summaries (no window). */
  List<Export> listExports(String tableArn, int page) {
    Instant now = arrive(Operation.LIST_EXPORTS);
    return byArn.values().stream()
        .filter(m -> m.tableArn().equals(tableArn))
        .sorted(Comparator.comparingLong(Made::sequence).reversed())
        .skip(25L * page)
        .limit(25)
        .map(
            m ->
                new Export(
                    m.arn(),
                    m.done(now) ? Export.State.COMPLETED : Export.State.IN_PROGRESS,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .toList();
  }

  /** A base exported before the benchmark, COMPLETED. */
  String addExisting(String account, String region, String table, ExportWindow window) {
    long n = sequence.incrementAndGet();
    String arn =
        "arn:aws:dynamodb:%s:%s:table/%s/export/%013d-%08x"
            .formatted(region, account, table, window.to().toEpochMilli(), n);
    String tableArn = "arn:aws:dynamodb:%s:%s:table/%s".formatted(region, account, table);
    Made made = new Made(arn, tableArn, window, "seeded-" + n, window.to(), window.to(), n);
    byArn.put(arn, made);
    byToken.put(made.token(), made);
    return arn;
  }

  Duration restorableLag() {
    return restorableLag;
  }

  // ---- S3 ----

  void putRecord(String key, ExportRecord record) {
    Instant now = arrive(Operation.PUT_OBJECT);
    objects.put(key, new Written(key, record, now));
  }

  List<String> listKeys(String prefix) {
    arrive(Operation.LIST_OBJECTS);
    return objects.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
  }

  ExportRecord getRecord(String key) {
    arrive(Operation.GET_OBJECT);
    Written w = objects.get(key);
    if (w == null) {
      throw failure(Failure.OBJECT_NOT_FOUND, "NoSuchKey", key);
    }
    return w.record();
  }

  BucketProtections.Versioning versioning() {
    arrive(Operation.GET_BUCKET_VERSIONING);
    return BucketProtections.Versioning.ENABLED;
  }

  BucketProtections.ObjectLock objectLock() {
    arrive(Operation.GET_OBJECT_LOCK_CONFIGURATION);
    return new BucketProtections.ObjectLock(
        true, new BucketProtections.Retention(BucketProtections.Mode.COMPLIANCE, 30, 0));
  }

  // ---- figures ----

  long calls(Operation op) {
    return calls.get(op).sum();
  }

  long limitRefusals() {
    return limitRefusals.sum();
  }

  /** Every export made (not the seeded ones' calls), in the order they were started. */
  List<Made> exports() {
    List<Made> all = new ArrayList<>(byArn.values());
    all.removeIf(m -> m.token().startsWith("seeded-"));
    all.sort(Comparator.comparingLong(Made::sequence));
    return all;
  }

  /** The records written, by export ARN. */
  Map<String, Written> recordsByExport() {
    Map<String, Written> out = new ConcurrentHashMap<>();
    objects.values().forEach(w -> out.put(w.record().exportArn(), w));
    return out;
  }

  void resetCounters() {
    calls.values().forEach(LongAdder::reset);
    limitRefusals.reset();
  }

  // ---- internals ----

  private Export describe(Made m, Instant now) {
    boolean done = m.done(now);
    // the AWS SDK parses each answer into strings of its own
    return new Export(
        new String(m.arn()),
        done ? Export.State.COMPLETED : Export.State.IN_PROGRESS,
        m.window(),
        m.token(),
        done ? 1000L : null,
        done ? 1_048_576L : null,
        done ? "AWSDynamoDB/" + m.arn().substring(m.arn().lastIndexOf('/') + 1) + "/manifest-summary.json" : null,
        null,
        null,
        m.startedAt(),
        done ? m.completesAt() : null);
  }

  private Duration duration() {
    synchronized (random) {
      long span = durationMax.toMillis() - durationMin.toMillis();
      return durationMin.plusMillis((long) (random.nextDouble() * span));
    }
  }

  /** The call is counted and answered after 30–100 ms; returns the time it arrived. */
  private Instant arrive(Operation op) {
    calls.get(op).increment();
    Instant now = clock.instant();
    long millis;
    synchronized (random) {
      millis = 30 + (long) (random.nextDouble() * 70);
    }
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(Failure.UNAVAILABLE, null, "interrupted", e);
    }
    return now;
  }

  private static BackupStoreException failure(Failure f, String code, String message) {
    return new BackupStoreException(f, code, message, null);
  }
}
