package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.schedule.BackupScheduleReconciler;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.TableStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The fleet-scale benchmark of issue 7: the operator in this JVM against a real kube-apiserver and
 * a simulated DynamoDB that enforces the account's quotas. One scenario per invocation (see
 * scripts/bench.sh); each prints its figures and writes them to target/bench/&lt;scenario&gt;.txt.
 */
public final class Bench {

  private static final Clock CLOCK = Clock.systemUTC();

  private Bench() {}

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "herd";
    Path out = Files.createDirectories(Path.of("target/bench"));
    Report report = new Report(out, System.getProperty("bench.report", scenario));
    if (scenario.equals("seed")) {
      seed(report);
    } else if (scenario.equals("replay")) {
      ReplayBench.run(report);
    } else {
      Path work = Files.createDirectories(out.resolve("plane-" + scenario));
      try (ControlPlane plane = new ControlPlane(work).start()) {
        switch (scenario) {
          case "fleet", "memory", "startup" ->
              fleet(plane, report, setting("BENCH_FLEET", 10_000));
          case "herd" -> slot(plane, report, "herd", setting("BENCH_HERD", 1000), 0, 0, true);
          case "herd-unlimited" ->
              slot(plane, report, "herd", setting("BENCH_HERD", 1000), 0, 0, false);
          case "cost" -> slot(plane, report, "cost", setting("BENCH_COST", 50), 3, 5, true);
          case "precision" -> precision(plane, report);
          case "idle" -> idle(plane, report, setting("BENCH_IDLE", 1000));
          case "cli" -> CliStartup.run(plane, report, setting("BENCH_CLI", 100));
          case "policy" -> PolicyBench.run(plane, report, setting("BENCH_POLICY_TABLES", 5000));
          case "exports" -> ExportsBench.run(plane, report);
          default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
      }
    }
    // JOSDK and fabric8 leave non-daemon threads behind
    System.exit(0);
  }

  // ---- memory, startup and the steady state: 10,000 schedules, 30 backups each ----

  /**
   * A fleet of {@code n} schedules whose tables hold BENCH_FLEET_BACKUPS (30) backups each: the
   * first-ever start (no status, no finalizer), the live heap once the operator knows every backup
   * (its inventory filled, when it keeps one), then a steady state of hourly slots, 1/40 of the
   * fleet each minute, each backup pruning one (keepLast = the backups per table), measured over
   * BENCH_FLEET_WINDOW_MINUTES (10). The slots start BENCH_FLEET_QUIET_MINUTES (16) after the
   * schedules are created, so that start-up and the memory figure are taken without them.
   */
  static void fleet(ControlPlane plane, Report r, int n) throws Exception {
    int perTable = setting("BENCH_FLEET_BACKUPS", 30);
    int quiet = setting("BENCH_FLEET_QUIET_MINUTES", 16);
    int window = setting("BENCH_FLEET_WINDOW_MINUTES", 10);
    String ns = "fleet";
    plane.createNamespace(ns);
    long bare = liveHeap();
    Instant firstSlot = nextMinute(CLOCK.instant().plus(Duration.ofMinutes(quiet)));
    int firstMinute = firstSlot.atZone(ZoneOffset.UTC).getMinute();
    SimulatedDynamoDb aws = new SimulatedDynamoDb(CLOCK, 7);
    for (int i = 0; i < n; i++) {
      String table = "table-" + i;
      BackupName names = BackupName.defaultFor(ns, Fleet.name(i));
      for (int k = 1; k <= perTable; k++) {
        Instant old = firstSlot.minus(Duration.ofHours(k)).plusSeconds(i % 60);
        aws.addExisting(table, names.forSlot(old), old);
      }
    }
    Duration took =
        Fleet.create(
            plane.admin(),
            ns,
            n,
            i ->
                Fleet.spec(
                    "table-" + i, "%d * * * *".formatted((firstMinute + i % 40) % 60), perTable));
    r.line(
        "created %d schedules in %.1f s with %d threads (%.0f/s); %d backups in the simulated"
            + " DynamoDB (%d per table); hourly slots from %s, 1/40 of the fleet a minute",
        n,
        took.toMillis() / 1e3,
        Fleet.THREADS,
        n / (took.toMillis() / 1e3),
        aws.liveBackups(),
        perTable,
        firstSlot);
    long baseline = liveHeap();
    r.line(
        "live heap before the operator starts: %.1f MiB (%.1f MiB of it the simulated DynamoDB and"
            + " the created schedules)",
        baseline / 1048576.0,
        (baseline - bare) / 1048576.0);
    var store = SimulatedBackupStore.limited(aws, new Quotas(Quotas.dynamoDbDefaults()));
    try (InProcessOperator op = new InProcessOperator(plane.operatorKubeconfig(), store, tables(aws), ns, n)) {
      startup(op, aws, r, n);
      long fillStart = System.nanoTime();
      boolean filled = waitForFullListing(aws, Duration.ofMinutes(quiet - 2));
      r.line(
          "full listing of the account: %s; AWS calls since the start %s",
          filled
              ? "done %.1f s after everything was planned".formatted((System.nanoTime() - fillStart) / 1e9)
              : "none (this code keeps no inventory)",
          callsByOp(aws));
      long fullListingPages = aws.calls(Operation.LIST);
      memory(r, bare, baseline, n, aws.liveBackups());
      if (CLOCK.instant().isAfter(firstSlot)) {
        r.line("the steady state was not measured: the first slots passed during start-up");
        return;
      }
      steady(op, aws, r, firstSlot, window, n / 40.0);
      r.line(
          "a full listing of this account costs %d ListBackups pages; once a week (the default)"
              + " that adds %.4f pages per backup for these hourly schedules, %.4f for daily ones",
          fullListingPages,
          fullListingPages / (n * 24.0 * 7),
          fullListingPages / (n * 7.0));
    }
  }

  private static void startup(InProcessOperator op, SimulatedDynamoDb aws, Report r, int n)
      throws Exception {
    waitFor(() -> op.observed.planned() >= n, Duration.ofMinutes(10), "all schedules planned");
    r.line(
        "startup (first ever, no status, no finalizer): operator start -> first reconcile %d ms,"
            + " -> all %d planned %.1f s",
        (op.observed.firstReconcileNanos() - op.startNanos) / 1_000_000,
        n,
        (op.observed.allPlannedNanos() - op.startNanos) / 1e9);
    r.line("  kubernetes requests during startup: %s", op.requests.snapshot());
    r.line("  AWS calls during startup: %d (%s)", aws.totalCalls(), callsByOp(aws));
  }

  /** Waits for a listing of every table to reach its last page; false if none starts. */
  private static boolean waitForFullListing(SimulatedDynamoDb aws, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietSince = System.nanoTime();
    while (aws.fullListingsCompleted() == 0) {
      if (aws.calls(Operation.LIST) > 0) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(30)) {
        return false;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the full listing did not complete in " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return true;
  }

  private static void memory(Report r, long bare, long baseline, int n, long backups)
      throws Exception {
    TimeUnit.SECONDS.sleep(5);
    long live = liveHeap();
    long share = live - baseline;
    long operatorHeap = bare + share;
    r.line(
        "memory: live heap after full sync and GC %.1f MiB; the operator's share %.1f MiB ="
            + " %d bytes per schedule with %d backups known; the operator alone (its share plus"
            + " the %.1f MiB of a bare JVM) %.1f MiB (target <= 250 MiB): %s; process RSS %d MiB",
        live / 1048576.0,
        share / 1048576.0,
        share / n,
        backups,
        bare / 1048576.0,
        operatorHeap / 1048576.0,
        operatorHeap <= 250L << 20 ? "MET" : "MISSED",
        rss() >> 20);
    histogram(Path.of("target/bench/memory-histogram.txt"));
  }

  private static void steady(
      InProcessOperator op,
      SimulatedDynamoDb aws,
      Report r,
      Instant firstSlot,
      int minutes,
      double perMinute)
      throws Exception {
    waitFor(
        () -> !CLOCK.instant().isBefore(firstSlot.minusSeconds(2)),
        Duration.between(CLOCK.instant(), firstSlot).plusMinutes(1),
        "the first slot");
    aws.resetCounters();
    op.requests.reset();
    op.resources.reset();
    Instant end = firstSlot.plus(Duration.ofMinutes(minutes));
    waitFor(() -> CLOCK.instant().isAfter(end), Duration.ofMinutes(minutes + 1), "the window");
    List<Long> late = new ArrayList<>();
    List<String> slowest = new ArrayList<>();
    for (SimulatedDynamoDb.CreateCall c : aws.creates()) {
      Instant slot = c.arrivedAt().truncatedTo(ChronoUnit.MINUTES);
      long ms = Duration.between(slot, c.arrivedAt()).toMillis();
      late.add(ms);
      slowest.add("%06d %s".formatted(ms, c.backupName()));
    }
    late.sort(null);
    slowest.sort(java.util.Comparator.reverseOrder());
    r.line("steady state: slowest CreateBackups (ms, backup): %s", slowest.subList(0, Math.min(3, slowest.size())));
    long backups = late.size();
    r.line(
        "steady state, %d minutes from %s (%.0f slots a minute): %d backups created, slot ->"
            + " CreateBackup p50 %d ms, p99 %d ms; throttled %d",
        minutes,
        firstSlot,
        perMinute,
        backups,
        Report.percentile(late, 50),
        Report.percentile(late, 99),
        aws.totalThrottled());
    StringBuilder calls = new StringBuilder();
    for (Operation o : Operation.values()) {
      calls.append(" %s %.3f".formatted(o.awsName(), aws.calls(o) / (double) backups));
    }
    r.line(
        "steady state: AWS calls per backup:%s; ListBackups pages per backup %.3f (target <= 0.05):"
            + " %s",
        calls,
        aws.calls(Operation.LIST) / (double) backups,
        aws.calls(Operation.LIST) <= 0.05 * backups ? "MET" : "MISSED");
    r.line(
        "steady state: status writes per backup %.2f; kubernetes requests %s",
        op.resources.writes() / (double) backups,
        op.requests.snapshot());
  }

  // ---- one slot for many schedules: thundering herd, cost per backup ----

  static void slot(
      ControlPlane plane,
      Report r,
      String ns,
      int n,
      int keepLast,
      int existingPerTable,
      boolean clientQuotas)
      throws Exception {
    plane.createNamespace(ns);
    // every new schedule's table is checked once (DescribeTable, 20/s): that is applying, not
    // the slot, so the lead leaves room for it and the slot's counters start after it
    long lead = Math.max(30, 15 + n * 30L / 1000) + n / 20;
    Instant slot = nextMinute(CLOCK.instant().plusSeconds(lead));
    ZonedDateTime z = slot.atZone(ZoneOffset.UTC);
    String cron = "%d %d * * *".formatted(z.getMinute(), z.getHour());
    SimulatedDynamoDb aws = new SimulatedDynamoDb(CLOCK, 42);
    for (int i = 0; i < n; i++) {
      BackupName names = BackupName.defaultFor(ns, Fleet.name(i));
      for (int k = 1; k <= existingPerTable; k++) {
        Instant old = slot.minus(Duration.ofDays(k));
        aws.addExisting(ns + "-" + i, names.forSlot(old), old);
      }
    }
    Duration took =
        Fleet.create(plane.admin(), ns, n, i -> Fleet.spec(ns + "-" + i, cron, keepLast));
    r.line(
        "%d schedules on cron '%s' (slot %s), keepLast=%d, %d older backups per table,"
            + " client-side quotas %s; created in %.1f s",
        n, cron, slot, keepLast, existingPerTable, clientQuotas ? "on" : "OFF", took.toMillis() / 1e3);
    var store =
        SimulatedBackupStore.limited(aws, clientQuotas ? new Quotas(Quotas.dynamoDbDefaults()) : null);
    try (InProcessOperator op = new InProcessOperator(plane.operatorKubeconfig(), store, tables(aws), ns, n)) {
      waitFor(() -> op.observed.planned() >= n, Duration.ofMinutes(5), "all planned");
      waitFor(
          () -> aws.calls(Operation.DESCRIBE_TABLE) >= n,
          Duration.between(CLOCK.instant(), slot),
          "every new schedule's table checked");
      r.line(
          "applying: %d DescribeTable (table checks) done %.1f s after the operator started;"
              + " status writes so far %d (%.2f per schedule)",
          aws.calls(Operation.DESCRIBE_TABLE),
          (System.nanoTime() - op.startNanos) / 1e9,
          op.resources.writes(),
          op.resources.writes() / (double) n);
      if (!CLOCK.instant().isBefore(slot)) {
        throw new IllegalStateException("set-up ran past the slot; raise the lead time");
      }
      r.line("all planned %.1f s before the slot", Duration.between(CLOCK.instant(), slot).toMillis() / 1e3);
      aws.resetCounters();
      op.requests.reset();
      op.resources.reset();
      op.observed.resetReconciles();
      String stamp = BackupName.defaultFor("x", "y").forSlot(slot).substring(3);
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < n; i++) {
        expected.add(BackupName.defaultFor(ns, Fleet.name(i)).forSlot(slot));
      }
      waitFor(
          () -> op.resources.available().containsAll(expected),
          Duration.between(CLOCK.instant(), slot).plusMinutes(5),
          "every backup of the slot AVAILABLE in status");
      Instant allAvailable = CLOCK.instant();
      TimeUnit.SECONDS.sleep(3); // trailing events
      List<SimulatedDynamoDb.CreateCall> creates =
          aws.creates().stream().filter(c -> c.backupName().endsWith(stamp)).toList();
      List<Long> late =
          creates.stream()
              .map(c -> Duration.between(slot, c.arrivedAt()).toMillis())
              .sorted()
              .toList();
      long distinct = creates.stream().map(SimulatedDynamoDb.CreateCall::backupName).distinct().count();
      double bound = 1.2 * n / 50.0;
      r.line(
          "slot -> CreateBackup: n=%d (distinct names %d), p50 %d ms, p99 %d ms, max %d ms;"
              + " every one within 1.2 x n/50 = %.1f s: %s",
          late.size(),
          distinct,
          Report.percentile(late, 50),
          Report.percentile(late, 99),
          late.isEmpty() ? -1 : late.get(late.size() - 1),
          bound,
          !late.isEmpty() && late.get(late.size() - 1) <= bound * 1000 && late.size() == n
              ? (n >= 1000 ? "MET" : "yes")
              // the target is set for a herd of 1,000; a small one has a bound of about a second,
              // which leaves no room for the API server taking the slot records all at once
              : (n >= 1000 ? "MISSED" : "no (the target is for 1,000)"));
      r.line(
          "throttling errors returned by the fake: %d (%s)",
          aws.totalThrottled(),
          throttledByOp(aws));
      double available = Duration.between(slot, allAvailable).toMillis() / 1e3;
      r.line(
          "slot -> every backup AVAILABLE in status: %.1f s (target for 1,000: <= 45 s): %s",
          available,
          n < 1000 ? "-" : available <= 45 ? "MET" : "MISSED");
      List<Long> perBackup =
          expected.stream()
              .map(b -> op.resources.writesPerBackup().get(b))
              .map(a -> a == null ? 0L : a.sum())
              .sorted()
              .toList();
      r.line(
          "status writes per backup: avg %.2f, max %d (target <= 2): %s; all status writes / backup"
              + " %.2f",
          perBackup.stream().mapToLong(Long::longValue).average().orElse(0),
          perBackup.get(perBackup.size() - 1),
          perBackup.get(perBackup.size() - 1) <= 2 ? "MET" : "MISSED",
          op.resources.writes() / (double) n);
      StringBuilder calls = new StringBuilder();
      for (Operation o : Operation.values()) {
        calls.append(
            " %s %.2f".formatted(o.awsName(), aws.calls(o) / (double) n));
      }
      r.line("AWS calls per backup:%s (total %.2f)", calls, aws.totalCalls() / (double) n);
      Map<String, Long> k8s = op.requests.snapshot();
      r.line(
          "kubernetes requests per backup: %s; writes %.2f",
          k8s.entrySet().stream()
              .map(e -> e.getKey() + "=" + "%.2f".formatted(e.getValue() / (double) n))
              .collect(Collectors.joining(", ")),
          op.requests.writes() / (double) n);
      r.line("reconciles per backup: %.2f", op.observed.reconciles() / (double) n);
      if (existingPerTable > 0) {
        long left = 0;
        for (int i = 0; i < n; i++) {
          left += aws.liveBackups(ns + "-" + i);
        }
        r.line("backups left per table after pruning: %.2f (keepLast %d)", left / (double) n, keepLast);
      }
    }
  }

  // ---- precision: many slots, each measured ----

  static void precision(ControlPlane plane, Report r) throws Exception {
    // the target's own case by default: one schedule, one slot a minute, 50 minutes. Ten
    // schedules on the same minute for five minutes is the quick, pessimistic variant
    int schedules = setting("BENCH_PRECISION_SCHEDULES", 1);
    int minutes = setting("BENCH_PRECISION_MINUTES", 50);
    String ns = "precision";
    plane.createNamespace(ns);
    SimulatedDynamoDb aws = new SimulatedDynamoDb(CLOCK, 11);
    Fleet.create(plane.admin(), ns, schedules, i -> Fleet.spec("precision-" + i, "* * * * *", 3));
    var store = SimulatedBackupStore.limited(aws, new Quotas(Quotas.dynamoDbDefaults()));
    try (InProcessOperator op =
        new InProcessOperator(plane.operatorKubeconfig(), store, tables(aws), ns, schedules)) {
      waitFor(() -> op.observed.planned() >= schedules, Duration.ofMinutes(2), "all planned");
      op.requests.reset();
      Instant first = nextMinute(CLOCK.instant().plusSeconds(2));
      Instant last = first.plus(Duration.ofMinutes(minutes - 1));
      r.line(
          "%d schedules on '* * * * *', slots %s .. %s (%d slots)",
          schedules, first, last, schedules * minutes);
      waitFor(
          () -> CLOCK.instant().isAfter(last.plusSeconds(20)),
          Duration.ofMinutes(minutes + 2),
          "the last slot");
      List<Long> late = new ArrayList<>();
      List<String> slowest = new ArrayList<>();
      java.util.SortedMap<Instant, Long> worstByMinute = new java.util.TreeMap<>();
      for (SimulatedDynamoDb.CreateCall c : aws.creates()) {
        Instant slot = c.arrivedAt().truncatedTo(ChronoUnit.MINUTES);
        if (!slot.isBefore(first) && !slot.isAfter(last)) {
          long ms = Duration.between(slot, c.arrivedAt()).toMillis();
          late.add(ms);
          slowest.add("%06d %s".formatted(ms, c.backupName()));
          worstByMinute.merge(slot, ms, Math::max);
        }
      }
      r.line("worst lateness per slot minute (ms): %s", worstByMinute.values());
      slowest.sort(java.util.Comparator.reverseOrder());
      r.line("slowest slots (ms, backup): %s", slowest.subList(0, Math.min(3, slowest.size())));
      late.sort(null);
      r.line(
          "slot -> CreateBackup over %d slots: p50 %d ms, p99 %d ms, max %d ms (target p99 <= 1000"
              + " ms): %s; throttled %d",
          late.size(),
          Report.percentile(late, 50),
          Report.percentile(late, 99),
          late.isEmpty() ? -1 : late.get(late.size() - 1),
          late.size() >= 50 && Report.percentile(late, 99) <= 1000 ? "MET" : "MISSED",
          aws.totalThrottled());
    }
  }

  // ---- idle: nothing due ----

  static void idle(ControlPlane plane, Report r, int n) throws Exception {
    int seconds = setting("BENCH_IDLE_SECONDS", 90);
    String ns = "idle";
    plane.createNamespace(ns);
    int hour = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
    Fleet.create(plane.admin(), ns, n, i -> Fleet.spec("idle-" + i, "30 " + hour + " * * *", 7));
    SimulatedDynamoDb aws = new SimulatedDynamoDb(CLOCK, 3);
    var store = SimulatedBackupStore.limited(aws, new Quotas(Quotas.dynamoDbDefaults()));
    try (InProcessOperator op = new InProcessOperator(plane.operatorKubeconfig(), store, tables(aws), ns, n)) {
      waitFor(() -> op.observed.planned() >= n, Duration.ofMinutes(5), "all planned");
      // each new schedule's table is checked once (DescribeTable at 20/s): applying, not idling
      waitFor(
          () -> aws.calls(Operation.DESCRIBE_TABLE) >= n,
          Duration.ofMinutes(5),
          "every new schedule's table checked");
      TimeUnit.SECONDS.sleep(10);
      aws.resetCounters();
      op.requests.reset();
      op.resources.reset();
      op.observed.resetReconciles();
      Instant from = CLOCK.instant();
      TimeUnit.SECONDS.sleep(seconds);
      r.line(
          "idle window %s + %d s, %d schedules, no slot due: AWS calls %d, kubernetes writes %d,"
              + " status writes %d, reconciles %d, all requests %s; target zero: %s",
          from,
          seconds,
          n,
          aws.totalCalls(),
          op.requests.writes(),
          op.resources.writes(),
          op.observed.reconciles(),
          op.requests.snapshot(),
          aws.totalCalls() == 0 && op.requests.writes() == 0 ? "MET" : "MISSED");
    }
  }

  // ---- against the seed Lambda ----

  /**
   * The same daily job by the Lambda and by the operator, each against its own simulated DynamoDB
   * seeded with the same history, each run twice a day apart ("today" and "tomorrow", the clock
   * moved on): the second run is the steady state that is compared, after the operator's first run
   * filled whatever it keeps between runs.
   */
  static void seed(Report r) throws Exception {
    int history = setting("BENCH_SEED_BACKUPS", 1000);
    ShiftedClock clock = new ShiftedClock(CLOCK);
    Instant slot = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    BackupName names = new BackupName("orders-daily");
    SimulatedDynamoDb lambdaAws = new SimulatedDynamoDb(clock, 5);
    SimulatedDynamoDb operatorAws = new SimulatedDynamoDb(clock, 5);
    String lastArn = null;
    for (int k = history; k >= 1; k--) {
      Instant t = slot.minus(Duration.ofDays(k));
      lambdaAws.addExisting("orders", names.forSlot(t), t);
      lastArn = operatorAws.addExisting("orders", names.forSlot(t), t);
    }
    r.line(
        "table 'orders' holds %d daily USER backups (the oldest is %d days old); both keep %d days;"
            + " each runs at %s and a day later, the second run is measured",
        history, history, history, slot);
    SeedLambda lambda =
        new SeedLambda(
            SimulatedBackupStore.limited(lambdaAws, new Quotas(Quotas.dynamoDbDefaults())),
            clock,
            Duration.ofDays(history));
    InMemorySchedule resources = new InMemorySchedule(seedSchedule(slot, history, names, lastArn));
    var reconciler =
        new BackupScheduleReconciler(
            SimulatedBackupStore.limited(operatorAws, new Quotas(Quotas.dynamoDbDefaults())),
            tables(operatorAws),
            resources,
            InMemorySchedule.noEvents(clock),
            clock,
            Backoff.standard(),
            ScheduleMetrics.NONE,
            TenancyPolicy.allowAll());
    for (int day = 0; day < 2; day++) {
      Instant today = slot.plus(Duration.ofDays(day));
      lambdaAws.resetCounters();
      operatorAws.resetCounters();
      int writesBefore = resources.writes;
      long t0 = System.nanoTime();
      SeedLambda.Result result = lambda.run("orders");
      long lambdaNanos = System.nanoTime() - t0;
      SeedRun run = operatorRun(reconciler, resources, names.forSlot(today));
      String label = day == 0 ? "first run (the operator fills its inventory)" : "second run";
      r.line(
          "%s: seed Lambda: %d AWS calls (%s), %.2f s; listed %d, deleted %d",
          label,
          lambdaAws.totalCalls(),
          callsByOp(lambdaAws),
          lambdaNanos / 1e9,
          result.listedFirst(),
          result.deleted());
      r.line(
          "%s: operator: %d AWS calls (%s), %.2f s working in %d reconciles (%.2f s wall, waiting"
              + " for AVAILABLE included); %d status writes; backups left %d",
          label,
          operatorAws.totalCalls(),
          callsByOp(operatorAws),
          run.busyNanos() / 1e9,
          run.reconciles(),
          run.wallNanos() / 1e9,
          resources.writes - writesBefore,
          operatorAws.liveBackups("orders"));
      r.line(
          "%s: ratio Lambda / operator: AWS calls %.2f, time %.2f (working time)",
          label,
          lambdaAws.totalCalls() / (double) operatorAws.totalCalls(),
          lambdaNanos / (double) run.busyNanos());
      clock.shift(Duration.ofDays(1));
    }
  }

  /** One run of the operator: reconciles as JOSDK would until the day's backup is AVAILABLE. */
  private record SeedRun(long busyNanos, long wallNanos, int reconciles) {}

  private static SeedRun operatorRun(
      BackupScheduleReconciler reconciler, InMemorySchedule resources, String expected)
      throws Exception {
    long start = System.nanoTime();
    long busy = 0;
    int reconciles = 0;
    while (true) {
      long s = System.nanoTime();
      Optional<Duration> wake = reconciler.reconcile(resources.current);
      busy += System.nanoTime() - s;
      reconciles++;
      DynamoDBBackupScheduleStatus now = resources.current.getStatus();
      if (expected.equals(now.getLastBackupName())
          && "AVAILABLE".equals(now.getLastBackupStatus())) {
        return new SeedRun(busy, System.nanoTime() - start, reconciles);
      }
      if (reconciles > 50) {
        throw new IllegalStateException("the operator did not finish its run: " + now);
      }
      TimeUnit.MILLISECONDS.sleep(wake.orElse(Duration.ofSeconds(1)).toMillis());
    }
  }

  /** The schedule as it stands the day before the first run: yesterday's backup AVAILABLE. */
  private static DynamoDBBackupSchedule seedSchedule(
      Instant slot, int history, BackupName names, String lastArn) {
    ZonedDateTime z = slot.atZone(ZoneOffset.UTC);
    DynamoDBBackupSchedule schedule = new DynamoDBBackupSchedule();
    schedule.setMetadata(
        new ObjectMetaBuilder()
            .withName("daily")
            .withNamespace("shop")
            .withUid(UUID.randomUUID().toString())
            .withGeneration(1L)
            .withResourceVersion("1")
            .withCreationTimestamp(slot.minus(Duration.ofDays(history + 1)).toString())
            .build());
    DynamoDBBackupScheduleSpec spec =
        Fleet.spec("orders", "%d %d * * *".formatted(z.getMinute(), z.getHour()), 0);
    spec.setBackupNamePrefix("orders-daily");
    RetentionSpec retention = new RetentionSpec();
    retention.setMaxAge(history + "d");
    spec.setRetention(retention);
    schedule.setSpec(spec);
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    Instant previous = slot.minus(Duration.ofDays(1));
    status.setObservedGeneration(1L);
    status.setCheckedGeneration(1L); // a schedule applied long ago: its table was checked then
    status.setLastScheduleTime(previous.toString());
    status.setLastBackupName(names.forSlot(previous));
    status.setLastBackupArn(lastArn);
    status.setLastBackupStatus("AVAILABLE");
    status.setNextScheduleTime(slot.toString());
    schedule.setStatus(status);
    return schedule;
  }

  // ---- helpers ----

  /** The schedules' table port over the same simulated account, behind its own quota gate. */
  private static TableStore tables(SimulatedDynamoDb aws) {
    return SimulatedBackupStore.tables(aws, new Quotas(Quotas.dynamoDbDefaults()));
  }

  static String callsByOp(SimulatedDynamoDb aws) {
    StringBuilder b = new StringBuilder();
    for (Operation o : Operation.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(o.awsName()).append(' ').append(aws.calls(o));
    }
    return b.toString();
  }

  private static String throttledByOp(SimulatedDynamoDb aws) {
    StringBuilder b = new StringBuilder();
    for (Operation o : Operation.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(o.awsName()).append(' ').append(aws.throttled(o));
    }
    return b.toString();
  }

  static Instant nextMinute(Instant after) {
    return after.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
  }

  static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long rss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    }
    return -1;
  }

  static void histogram(Path file) {
    try {
      long pid = ProcessHandle.current().pid();
      new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
          .redirectOutput(file.toFile())
          .redirectErrorStream(true)
          .start()
          .waitFor(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.out.println("[bench] no class histogram: " + e.getMessage());
    }
  }

  static int setting(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }
}
