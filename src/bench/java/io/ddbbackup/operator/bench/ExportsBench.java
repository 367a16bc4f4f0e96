package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.ExportBaseStatus;
import io.ddbbackup.operator.api.ExportProtectionsStatus;
import io.ddbbackup.operator.api.ExportSpec;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.testing.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 23's benchmark: BENCH_EXPORTS (1,000) schedules with a daily full export and 15-minute
 * incrementals, against the real kube-apiserver and a simulated DynamoDB export side and bucket
 * ({@link SimulatedExports}).
 *
 * <p>What is measured: the chain's base is not waited for (a base of 1,000 tables at a first slot
 * would take the run's whole budget): each schedule is created with the status an operator leaves
 * after its base completed at F (status.export: base, gapFreeThrough F, lastFullSlot F), and the
 * simulated DynamoDB holds that base. The operator then starts as a restarted operator would, and
 * the first incremental window W1 = [F, F+15m) ends a little after every schedule is planned. From
 * W1's end the run lasts until every schedule's W1 export is recorded in its status, or
 * BENCH_EXPORTS_MINUTES (20) minutes. Window ends are computed from F and the period, never read from
 * the operator's status; exports per window are judged from the simulated DynamoDB's own ledger.
 */
final class ExportsBench {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final Duration PERIOD = Duration.ofMinutes(15);
  private static final String NS = "exports";
  private static final String BUCKET = "offsite-bench";

  private ExportsBench() {}

  static void run(ControlPlane plane, Report r) throws Exception {
    int n = Bench.setting("BENCH_EXPORTS", 1000);
    int minutes = Bench.setting("BENCH_EXPORTS_MINUTES", 20);
    Duration lag = Duration.ofSeconds(Bench.setting("BENCH_EXPORT_LAG_SECONDS", 300));
    Duration shortest = Duration.ofSeconds(Bench.setting("BENCH_EXPORT_MIN_SECONDS", 300));
    Duration longest = Duration.ofSeconds(Bench.setting("BENCH_EXPORT_MAX_SECONDS", 600));
    Duration lead = Duration.ofSeconds(Bench.setting("BENCH_EXPORTS_LEAD_SECONDS", 150));
    r.line("load before: %s", loadAverage());
    plane.createNamespace(NS);
    Instant w1End = Bench.nextMinute(CLOCK.instant().plus(lead));
    Instant base = w1End.minus(PERIOD);
    ZonedDateTime b = base.atZone(ZoneOffset.UTC);
    String full = "%d %d * * *".formatted(b.getMinute(), b.getHour()); // next: tomorrow
    SimulatedDynamoDb aws = new SimulatedDynamoDb(CLOCK, 13);
    aws.setRestorableLag(lag);
    SimulatedExports exports = new SimulatedExports(CLOCK, 17, shortest, longest, lag);
    List<String> baseArns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      baseArns.add(
          exports.addExisting(
              SimulatedDynamoDb.ACCOUNT, SimulatedDynamoDb.REGION, table(i), ExportWindow.full(base)));
    }
    Duration took = Fleet.create(plane.admin(), NS, n, i -> spec(i, full));
    Duration seeded = seedStatus(plane, n, base, baseArns);
    r.line(
        "%d schedules, full export '%s' UTC (daily; the base at %s is seeded, as a restarted"
            + " operator finds it), incrementalPeriod 15m; created in %.1f s, statuses seeded in"
            + " %.1f s. Simulated: latest restorable time %d s behind the clock, exports IN_PROGRESS"
            + " %d-%d s, 300 in flight per kind",
        n,
        full,
        base,
        took.toMillis() / 1e3,
        seeded.toMillis() / 1e3,
        lag.toSeconds(),
        shortest.toSeconds(),
        longest.toSeconds());
    Quotas quotas = new Quotas(Quotas.dynamoDbDefaults());
    try (InProcessOperator op =
        new InProcessOperator(
            plane.operatorKubeconfig(),
            SimulatedBackupStore.limited(aws, quotas),
            SimulatedBackupStore.tables(aws, quotas),
            SimulatedExportStore.limited(exports, quotas),
            SimulatedExportStore.bucket(exports, quotas),
            NS,
            n)) {
      Bench.waitFor(() -> op.observed.planned() >= n, Duration.ofMinutes(5), "all planned");
      Instant planned = CLOCK.instant();
      r.line(
          "all planned at %s, %.1f s before W1 ends; AWS calls so far: %s; export calls %s",
          planned,
          Duration.between(planned, w1End).toMillis() / 1e3,
          aws.totalCalls(),
          exportCalls(exports));
      if (planned.isAfter(w1End.minusSeconds(2))) {
        r.line("not measured: W1 ended during start-up (raise BENCH_EXPORTS_LEAD_SECONDS)");
        return;
      }
      Bench.waitFor(
          () -> !CLOCK.instant().isBefore(w1End.minusSeconds(2)), lead.plusMinutes(1), "W1's end");
      aws.resetCounters();
      exports.resetCounters();
      op.requests.reset();
      op.resources.reset();
      op.observed.resetReconciles();
      Instant deadline = w1End.plus(Duration.ofMinutes(minutes));
      long start = System.nanoTime();
      while (CLOCK.instant().isBefore(deadline) && recordedInStatus(op, n, w1End) < n) {
        TimeUnit.SECONDS.sleep(1);
      }
      Instant end = CLOCK.instant();
      r.line(
          "measured from W1's end %s to %s (%.1f min)",
          w1End, end, (System.nanoTime() - start) / 60e9);
      figures(r, op, aws, exports, n, base, w1End, end);
      r.line("load after: %s", loadAverage());
    }
  }

  private static void figures(
      Report r,
      InProcessOperator op,
      SimulatedDynamoDb aws,
      SimulatedExports exports,
      int n,
      Instant base,
      Instant w1End,
      Instant end) {
    // the ledger of the simulated DynamoDB: exports per (table, window)
    Map<String, Integer> perWindow = new HashMap<>();
    List<SimulatedExports.Made> made = exports.exports();
    for (SimulatedExports.Made m : made) {
      perWindow.merge(m.tableArn() + " " + m.window(), 1, Integer::sum);
    }
    long duplicates = perWindow.values().stream().filter(c -> c > 1).count();
    ExportWindow w1 = ExportWindow.incremental(base, w1End);
    ExportWindow w2 = ExportWindow.incremental(w1End, w1End.plus(PERIOD));
    // a schedule that reaches W2's end before exporting W1 catches up with one window of both
    List<String> otherWindows =
        made.stream()
            .filter(m -> !m.window().equals(w1) && !m.window().equals(w2))
            .map(m -> m.tableArn().substring(m.tableArn().indexOf(":table/") + 7) + " " + m.window())
            .toList();
    int w1Exports = 0;
    int w1Missing = 0;
    for (int i = 0; i < n; i++) {
      Integer c = perWindow.get(tableArn(i) + " " + w1);
      if (c == null) {
        w1Missing++;
      } else {
        w1Exports++;
      }
    }
    long w2Started = made.stream().filter(m -> m.window().equals(w2)).count();
    long completed = made.stream().filter(m -> m.done(end)).count();
    Map<String, SimulatedExports.Written> records = exports.recordsByExport();
    r.line(
        "W1 %s: %d of %d schedules exported it (missing %d); windows exported twice (any"
            + " window): %d; W2 %s started for %d; exports of any other window: %s",
        w1,
        w1Exports,
        n,
        w1Missing,
        duplicates,
        w2,
        w2Started,
        otherWindows);
    // window end -> COMPLETED at DynamoDB, -> record in the bucket, -> gapFreeThrough in status
    List<Long> called = new ArrayList<>();
    List<Long> done = new ArrayList<>();
    List<Long> recorded = new ArrayList<>();
    List<Long> inStatus = new ArrayList<>();
    for (SimulatedExports.Made m : made) {
      if (!m.window().equals(w1)) {
        continue;
      }
      called.add(Duration.between(w1End, m.startedAt()).toSeconds());
      if (m.done(end)) {
        done.add(Duration.between(w1End, m.completesAt()).toSeconds());
      }
      SimulatedExports.Written w = records.get(m.arn());
      if (w != null) {
        recorded.add(Duration.between(w1End, w.at()).toSeconds());
      }
    }
    for (int i = 0; i < n; i++) {
      Instant at = op.resources.offsitePointWritten(Fleet.name(i), w1End);
      if (at != null) {
        inStatus.add(Duration.between(w1End, at).toSeconds());
      }
    }
    r.line("W1's end -> ExportTableToPointInTime accepted: %s", seconds(called));
    r.line(
        "exports in flight at the end: %d (DynamoDB's limit %d)",
        made.stream().filter(m -> !m.done(end)).count(),
        SimulatedExports.IN_FLIGHT_LIMIT);
    r.line("W1's end -> export COMPLETED at DynamoDB: %s", seconds(done));
    r.line("W1's end -> record written in the bucket: %s", seconds(recorded));
    r.line(
        "W1's end -> gapFreeThrough = W1's end in status (the off-site point moves on): %s;"
            + " within the budget (before the next window ends, %d s): %d of %d",
        seconds(inStatus),
        PERIOD.toSeconds(),
        inStatus.stream().filter(s -> s < PERIOD.toSeconds()).count(),
        n);
    inStatus.sort(null);
    if (inStatus.size() == n) {
      long worst = inStatus.get(n - 1);
      r.line(
          "the off-site point's age: %d s at W1's end (the base, one period), at most %d s before"
              + " W1 is recorded (period + the worst lag), back to %d s after",
          PERIOD.toSeconds(),
          PERIOD.toSeconds() + worst,
          worst);
    }
    // calls, counted where they arrive
    StringBuilder perExport = new StringBuilder();
    for (Operation o : Operation.values()) {
      long c = exports.calls(o) + aws.calls(o);
      if (c > 0) {
        perExport.append(
            " %s %d (%.2f)".formatted(o.awsName(), c, completed == 0 ? 0 : c / (double) completed));
      }
    }
    r.line(
        "exports started %d, completed %d; AWS and S3 calls in all (per completed export):%s;"
            + " LimitExceeded from DynamoDB %d, throttled %d",
        made.size(),
        completed,
        perExport,
        exports.limitRefusals(),
        aws.totalThrottled());
    r.line(
        "status writes %d (%.2f per completed export); kubernetes requests %s; reconciles %d",
        op.resources.writes(),
        completed == 0 ? 0 : op.resources.writes() / (double) completed,
        op.requests.snapshot(),
        op.observed.reconciles());
  }

  /** How many schedules have W1 recorded in status. */
  private static int recordedInStatus(InProcessOperator op, int n, Instant w1End) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (op.resources.offsitePointWritten(Fleet.name(i), w1End) != null) {
        count++;
      }
    }
    return count;
  }

  private static String seconds(List<Long> values) {
    if (values.isEmpty()) {
      return "none";
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return "n=%d min %d s, p50 %d s, p90 %d s, max %d s"
        .formatted(
            sorted.size(),
            sorted.get(0),
            Report.percentile(sorted, 50),
            Report.percentile(sorted, 90),
            sorted.get(sorted.size() - 1));
  }

  private static String exportCalls(SimulatedExports exports) {
    StringBuilder b = new StringBuilder();
    for (Operation o : Operation.values()) {
      if (exports.calls(o) > 0) {
        b.append(b.length() == 0 ? "" : ", ").append(o.awsName()).append(' ').append(exports.calls(o));
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  private static String table(int i) {
    return "table-" + i;
  }

  private static String tableArn(int i) {
    return "arn:aws:dynamodb:%s:%s:table/%s"
        .formatted(SimulatedDynamoDb.REGION, SimulatedDynamoDb.ACCOUNT, table(i));
  }

  private static DynamoDBBackupScheduleSpec spec(int i, String full) {
    // a yearly backup slot (1 January), so that no backup happens during the run
    DynamoDBBackupScheduleSpec spec = Fleet.spec(table(i), "0 3 1 1 *", 0);
    ExportSpec export = new ExportSpec();
    export.setS3Bucket(BUCKET);
    export.setFull(full);
    export.setIncrementalPeriod("15m");
    spec.setExport(export);
    return spec;
  }

  /** The status the operator left once the base at {@code base} completed. */
  private static Duration seedStatus(
      ControlPlane plane, int n, Instant base, List<String> baseArns) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Fleet.THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(
            pool.submit(
                () ->
                    plane
                        .admin()
                        .resources(DynamoDBBackupSchedule.class)
                        .inNamespace(NS)
                        .withName(Fleet.name(k))
                        .editStatus(s -> withStatus(s, base, baseArns.get(k)))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static DynamoDBBackupSchedule withStatus(
      DynamoDBBackupSchedule s, Instant base, String baseArn) {
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setObservedGeneration(s.getMetadata().getGeneration());
    // applied long ago: its table was checked then
    status.setCheckedGeneration(s.getMetadata().getGeneration());
    ExportStatus export = new ExportStatus();
    export.setSince(base.minus(Duration.ofDays(1)).toString());
    ExportBaseStatus b = new ExportBaseStatus();
    b.setExportArn(baseArn);
    b.setExportTime(base.toString());
    b.setItemCount(1000L);
    b.setBilledBytes(1_048_576L);
    export.setBase(b);
    export.setGapFreeThrough(base.toString());
    export.setLastFullSlot(base.toString());
    export.setLastExportArn(baseArn);
    export.setExportedCount(1L);
    // read with the base, as the operator reads them with each full export
    ExportProtectionsStatus p = new ExportProtectionsStatus();
    p.setBucket(BUCKET);
    p.setProtections("versioning enabled; Object Lock in COMPLIANCE mode, 30 days by default");
    p.setLocksEveryExport(true);
    p.setCheckedTime(base.toString());
    export.setBucketProtections(p);
    status.setExport(export);
    s.setStatus(status);
    return s;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
