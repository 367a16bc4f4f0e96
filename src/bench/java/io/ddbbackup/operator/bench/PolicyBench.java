package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicySpec;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.api.ScheduleTemplate;
import io.ddbbackup.operator.api.SkippedTable;
import io.ddbbackup.operator.api.TableSelector;
import io.ddbbackup.operator.api.TagCondition;
import io.ddbbackup.operator.api.TagConditions;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Issue 25's benchmark: BENCH_POLICY_TABLES (5,000) tables with mixed tags in the simulated
 * account, one DynamoDBBackupPolicy selecting them by tags: how long its discovery takes, the calls
 * it makes by API, whether it selected exactly the tables the tags written here describe, the
 * generated schedules' first start (to planned and Ready, and the Kubernetes requests it costs), the
 * policy's reconciles while they start, and a quiet period with no discovery due. Then a second
 * policy selecting by name alone (10 tables, some covered by the first), as the cheap case.
 */
final class PolicyBench {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final String NS = "policy";

  private PolicyBench() {}

  /** The tags the bench writes on table {@code i}: every combination the selector tells apart. */
  static Map<String, String> tagsOf(int i) {
    Map<String, String> tags = new HashMap<>();
    if (i % 2 == 0) {
      tags.put("backup", "daily");
    } else if (i % 6 == 1) {
      tags.put("backup", "weekly");
    }
    tags.put("env", i % 5 == 4 ? "dev" : i % 5 < 2 ? "prod" : "stage-" + i % 3);
    if (i % 11 == 0) {
      tags.put("pii", "yes");
    }
    return tags;
  }

  static String table(int i) {
    return "t-%05d".formatted(i);
  }

  /**
   * The judge, written apart from the operator's rules: backup=daily, env prod or stage-*, no pii
   * tag, and the name pattern when one is given (a trailing * only).
   */
  static boolean expected(String name, Map<String, String> tags, String pattern) {
    String env = tags.getOrDefault("env", "");
    boolean byTags =
        "daily".equals(tags.get("backup"))
            && (env.equals("prod") || env.startsWith("stage-"))
            && !tags.containsKey("pii");
    return byTags && (pattern == null || matches(pattern, name));
  }

  private static boolean matches(String pattern, String name) {
    return pattern.endsWith("*")
        ? name.startsWith(pattern.substring(0, pattern.length() - 1))
        : name.equals(pattern);
  }

  static void run(ControlPlane plane, Report r, int n) throws Exception {
    String pattern = System.getenv("BENCH_POLICY_NAME_PATTERN");
    pattern = pattern == null || pattern.isBlank() ? null : pattern;
    int quietSeconds = Bench.setting("BENCH_POLICY_QUIET_SECONDS", 60);
    plane.createNamespace(NS);
    SimulatedDynamoDb aws = new SimulatedDynamoDb(CLOCK, 25);
    // BENCH_POLICY_TAGGING=denied: the role lacks tag:GetResources (tags read table by table)
    boolean taggingDenied = "denied".equals(System.getenv("BENCH_POLICY_TAGGING"));
    if (taggingDenied) {
      aws.denyGetResources();
    }
    Set<String> expected = new TreeSet<>();
    long namePassing = 0;
    for (int i = 0; i < n; i++) {
      Map<String, String> tags = tagsOf(i);
      aws.addTable(table(i), tags);
      namePassing += pattern == null || matches(pattern, table(i)) ? 1 : 0;
      if (expected(table(i), tags, pattern)) {
        expected.add(table(i));
      }
    }
    r.line(
        "%d tables in the simulated account (ListTables and GetResources pages of %d; GetResources"
            + " %s); selector: tags allOf backup=daily, anyOf env=prod|env=stage-*, noneOf pii=*%s;"
            + " %d tables pass the name part, the judge expects %d selected (computed from the tags"
            + " written)",
        n,
        SimulatedDynamoDb.PAGE_SIZE,
        taggingDenied ? "refused (BENCH_POLICY_TAGGING=denied)" : "allowed",
        pattern == null ? "" : ", tableNames [" + pattern + "]",
        namePassing,
        expected.size());
    // one quota gate for every port, as DynamoDb has one (the discovery's DescribeTable and the
    // schedules' checks share DescribeTable's limiter)
    Quotas quotas = new Quotas(Quotas.dynamoDbDefaults());
    try (InProcessOperator op =
        new InProcessOperator(
            plane.operatorKubeconfig(),
            SimulatedBackupStore.limited(aws, quotas),
            SimulatedBackupStore.tables(aws, quotas),
            SimulatedBackupStore.catalog(aws, quotas),
            NS,
            expected.size())) {
      TimeUnit.SECONDS.sleep(5); // the informers' first lists: start-up, not the policy
      aws.resetCounters();
      op.requests.reset();
      long created = System.nanoTime();
      plane.admin().resource(policy("tagged", tagSelector(pattern))).create();
      DynamoDBBackupPolicyStatus status = awaitDiscovery(plane.admin(), "tagged");
      long statusAt = System.nanoTime();
      discovered(r, aws, op, "tagged", status, created, statusAt, n, namePassing);
      judge(r, plane.admin(), "tagged", status, expected, Set.of());
      Map<String, Long> atStatus = op.requests.snapshot();
      long listsAtStatus = op.requests.lists("schedule");
      firstStart(r, plane.admin(), aws, op, expected.size(), created, statusAt);
      Map<String, Long> atReady = op.requests.snapshot();
      startingReconciles(
          r, atStatus, atReady, listsAtStatus, op.requests.lists("schedule"), expected.size());
      quiet(r, aws, op, quietSeconds, status);
      wakes(r, plane.admin(), op, Bench.setting("BENCH_POLICY_WAKES", 20), expected.size());
      namesOnly(r, plane.admin(), aws, op, n, expected);
    }
  }

  private static TableSelector tagSelector(String pattern) {
    TagConditions tags = new TagConditions();
    tags.setAllOf(List.of(new TagCondition("backup", "daily")));
    tags.setAnyOf(List.of(new TagCondition("env", "prod"), new TagCondition("env", "stage-*")));
    tags.setNoneOf(List.of(new TagCondition("pii", "*")));
    TableSelector selector = new TableSelector();
    selector.setTags(tags);
    if (pattern != null) {
      selector.setTableNames(List.of(pattern));
    }
    return selector;
  }

  /** A policy over the simulated region; its schedules' slot 12 hours away (none is due). */
  private static DynamoDBBackupPolicy policy(String name, TableSelector selector) {
    int hour = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
    ScheduleTemplate template = new ScheduleTemplate();
    template.setSchedule("30 " + hour + " * * *");
    template.setTimeZone("UTC");
    RetentionSpec retention = new RetentionSpec();
    retention.setKeepLast(7);
    template.setRetention(retention);
    template.setDeletionPolicy(DeletionPolicy.Retain);
    DynamoDBBackupPolicySpec spec = new DynamoDBBackupPolicySpec();
    spec.setRegion(SimulatedDynamoDb.REGION);
    spec.setSelector(selector);
    spec.setTemplate(template);
    // longer than the whole run: the only discovery is the first one
    spec.setDiscoveryInterval(Bench.setting("BENCH_POLICY_INTERVAL_MINUTES", 60) + "m");
    DynamoDBBackupPolicy policy = new DynamoDBBackupPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    policy.setSpec(spec);
    return policy;
  }

  /** Waits until the policy's status tells a discovery: matched and covered written. */
  private static DynamoDBBackupPolicyStatus awaitDiscovery(
      KubernetesClient admin, String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (System.nanoTime() < deadline) {
      DynamoDBBackupPolicy p =
          admin.resources(DynamoDBBackupPolicy.class).inNamespace(NS).withName(name).get();
      DynamoDBBackupPolicyStatus s = p == null ? null : p.getStatus();
      if (s != null && s.getLastDiscoveryTime() != null && s.getMatched() != null) {
        return s;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException("policy " + name + " showed no discovery in 30 minutes");
  }

  private static void discovered(
      Report r,
      SimulatedDynamoDb aws,
      InProcessOperator op,
      String name,
      DynamoDBBackupPolicyStatus status,
      long created,
      long statusAt,
      int n,
      long namePassing) {
    long lastListing =
        Math.max(
            aws.lastCallNanos(Operation.GET_RESOURCES),
            Math.max(
                aws.lastCallNanos(Operation.LIST_TABLES), aws.lastCallNanos(Operation.LIST_TAGS)));
    r.line(
        "policy %s: created -> last discovery call %.1f s, -> status matched=%d covered=%d"
            + " skipped=%d failing=%d %.1f s (%s)",
        name,
        (lastListing - created) / 1e9,
        status.getMatched(),
        status.getCovered(),
        status.getSkipped(),
        status.getFailing(),
        (statusAt - created) / 1e9,
        Report.load());
    long pages = aws.calls(Operation.LIST_TABLES);
    long tags = aws.calls(Operation.LIST_TAGS);
    r.line(
        "  AWS calls of the discovery: ListTables %d (ceil(%d/100) = %d), GetResources %d (ceil(%d"
            + " tagged/100) = %d), DescribeTable %d (for the ARN), ListTagsOfResource %d (tables"
            + " passing the name part: %d); tags read with %s; throttled by the simulated AWS: %d",
        pages,
        n,
        (n + 99) / 100,
        aws.calls(Operation.GET_RESOURCES),
        aws.taggedTables(),
        (aws.taggedTables() + 99) / 100,
        aws.catalogDescribes(),
        tags,
        namePassing,
        status.getTagsReadWith() == null ? "none (no tag condition)" : status.getTagsReadWith(),
        aws.throttled(Operation.LIST_TABLES)
            + aws.throttled(Operation.GET_RESOURCES)
            + aws.throttled(Operation.LIST_TAGS)
            + aws.throttled(Operation.DESCRIBE_TABLE));
    Map<String, Long> k8s = new TreeMap<>(op.requests.snapshot());
    k8s.values().removeIf(v -> v == 0);
    r.line(
        "  kubernetes requests, created -> status: %s; schedule LISTs %d",
        k8s,
        op.requests.lists("schedule"));
  }

  /** The generated schedules against the judge's set: one each, nothing else, status agreeing. */
  private static void judge(
      Report r,
      KubernetesClient admin,
      String name,
      DynamoDBBackupPolicyStatus status,
      Set<String> expected,
      Set<String> coveredElsewhere) {
    Map<String, Long> perTable =
        generated(admin, name).stream()
            .collect(
                Collectors.groupingBy(s -> s.getSpec().getTableName(), Collectors.counting()));
    boolean one = perTable.values().stream().allMatch(c -> c == 1);
    Set<String> skipped =
        status.getSkippedTables() == null
            ? Set.of()
            : status.getSkippedTables().stream()
                .map(SkippedTable::getTableName)
                .collect(Collectors.toCollection(TreeSet::new));
    Set<String> generatedFor = new TreeSet<>(expected);
    generatedFor.removeAll(coveredElsewhere);
    boolean exact =
        one
            && perTable.keySet().equals(generatedFor)
            && skipped.equals(coveredElsewhere)
            && status.getMatched() == expected.size()
            && status.getCovered() == generatedFor.size();
    r.line(
        "  judge: %d schedules generated for %d tables (one each: %s), expected %d; skipped %s,"
            + " expected %s; selected exactly the expected set: %s",
        perTable.values().stream().mapToLong(Long::longValue).sum(),
        perTable.size(),
        one,
        generatedFor.size(),
        skipped.size() <= 10 ? skipped : skipped.size() + " tables",
        coveredElsewhere.size() <= 10 ? coveredElsewhere : coveredElsewhere.size() + " tables",
        exact ? "YES" : "NO");
    if (!exact) {
      Set<String> missing = new TreeSet<>(generatedFor);
      missing.removeAll(perTable.keySet());
      Set<String> extra = new TreeSet<>(perTable.keySet());
      extra.removeAll(generatedFor);
      r.line("  judge: missing %s; not expected %s", first(missing), first(extra));
    }
  }

  private static List<String> first(Set<String> names) {
    return names.stream().limit(10).toList();
  }

  private static List<DynamoDBBackupSchedule> generated(KubernetesClient admin, String policy) {
    return admin
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(NS)
        .withLabel(DynamoDBBackupPolicy.POLICY_LABEL, policy)
        .list()
        .getItems();
  }

  /**
   * The generated schedules' first start: every one planned (its next slot computed), its table
   * checked (DescribeTable), and Ready=True on the API server.
   */
  private static void firstStart(
      Report r,
      KubernetesClient admin,
      SimulatedDynamoDb aws,
      InProcessOperator op,
      int schedules,
      long created,
      long statusAt)
      throws Exception {
    Bench.waitFor(
        () -> op.observed.planned() >= schedules, Duration.ofMinutes(20), "all generated planned");
    long planned = op.observed.allPlannedNanos();
    Bench.waitFor(
        () -> aws.calls(Operation.DESCRIBE_TABLE) - aws.catalogDescribes() >= schedules,
        Duration.ofMinutes(20),
        "every generated schedule's table checked");
    long checked = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
    int ready = 0;
    while ((ready = ready(admin, "tagged")) < schedules) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(ready + " of " + schedules + " generated schedules Ready");
      }
      TimeUnit.SECONDS.sleep(2);
    }
    long allReady = System.nanoTime();
    r.line(
        "first start of the %d generated schedules: all planned %.1f s after the policy was"
            + " created (%.1f s after its status), every table checked (DescribeTable) %.1f s, all"
            + " Ready=True seen %.1f s (polled every 2 s) (%s)",
        schedules,
        (planned - created) / 1e9,
        (planned - statusAt) / 1e9,
        (checked - created) / 1e9,
        (allReady - created) / 1e9,
        Report.load());
    Map<String, Long> k8s = op.requests.snapshot();
    r.line(
        "  kubernetes requests, created -> all Ready, per generated schedule: %s; writes %.2f",
        k8s.entrySet().stream()
            .filter(e -> !e.getKey().contains("(watch)") && e.getValue() > 0)
            .map(e -> e.getKey() + "=" + "%.2f".formatted(e.getValue() / (double) schedules))
            .collect(Collectors.joining(", ")),
        op.requests.writes() / (double) schedules);
    r.line(
        "  AWS calls, created -> all Ready: %s; throttled %d",
        Bench.callsByOp(aws),
        aws.totalThrottled());
  }

  private static int ready(KubernetesClient admin, String policy) {
    int ready = 0;
    for (DynamoDBBackupSchedule s : generated(admin, policy)) {
      var c = s.getStatus() == null ? null : Conditions.ready(s.getStatus().getConditions());
      ready += c != null && "True".equals(c.getStatus()) ? 1 : 0;
    }
    return ready;
  }

  /**
   * Between the policy's status and all Ready: every generated schedule's Ready change wakes the
   * policy (no discovery is due): its reconciles (one GET of the policy each) and their LISTs.
   */
  private static void startingReconciles(
      Report r,
      Map<String, Long> before,
      Map<String, Long> after,
      long listsBefore,
      long listsAfter,
      int schedules) {
    long reconciles = diff(before, after, "GET policy");
    long lists = listsAfter - listsBefore;
    r.line(
        "  the policy while its schedules start (status -> all Ready): %d reconciles (GETs of the"
            + " policy), %d schedule LISTs (%.2f per reconcile, each of ~%d schedules), %d policy"
            + " status writes, %d schedule writes",
        reconciles,
        lists,
        reconciles == 0 ? 0 : lists / (double) reconciles,
        schedules,
        diff(before, after, "PATCH policy/status") + diff(before, after, "PUT policy/status"),
        diff(before, after, "PUT schedule") + diff(before, after, "PATCH schedule"));
  }

  private static long diff(Map<String, Long> before, Map<String, Long> after, String key) {
    return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
  }

  private static void quiet(
      Report r,
      SimulatedDynamoDb aws,
      InProcessOperator op,
      int seconds,
      DynamoDBBackupPolicyStatus status)
      throws Exception {
    TimeUnit.SECONDS.sleep(5); // trailing events and status writes of the first start
    aws.resetCounters();
    op.requests.reset();
    TimeUnit.SECONDS.sleep(seconds);
    Map<String, Long> k8s = new TreeMap<>(op.requests.snapshot());
    k8s.values().removeIf(v -> v == 0);
    r.line(
        "quiet period of %d s (next discovery %s): AWS calls %d (%s); kubernetes writes %d,"
            + " requests %s; target zero AWS calls: %s",
        seconds,
        status.getNextDiscoveryTime(),
        aws.totalCalls(),
        Bench.callsByOp(aws),
        op.requests.writes(),
        k8s,
        aws.totalCalls() == 0 ? "MET" : "MISSED");
  }

  /**
   * Wake-ups between discoveries, one at a time: a generated schedule's metadata edited (as a Ready
   * change would, which the same watch passes) every 1.5 s, so that JOSDK cannot fold two into one
   * reconcile. What each reconcile of the policy reads from the API server.
   */
  private static void wakes(
      Report r, KubernetesClient admin, InProcessOperator op, int wakes, int schedules)
      throws Exception {
    List<DynamoDBBackupSchedule> some = generated(admin, "tagged").stream().limit(wakes).toList();
    TimeUnit.SECONDS.sleep(2);
    op.requests.reset();
    for (DynamoDBBackupSchedule s : some) {
      admin
          .resources(DynamoDBBackupSchedule.class)
          .inNamespace(NS)
          .withName(s.getMetadata().getName())
          .edit(
              e -> {
                e.getMetadata().getAnnotations().put("bench/wake", Long.toString(System.nanoTime()));
                return e;
              });
      TimeUnit.MILLISECONDS.sleep(1500);
    }
    TimeUnit.SECONDS.sleep(3);
    long reconciles = op.requests.count("GET policy") - op.requests.lists("policy");
    long lists = op.requests.lists("schedule");
    r.line(
        "%d wake-ups of the policy between discoveries (a generated schedule's metadata edited,"
            + " 1.5 s apart): %d reconciles (GETs of the policy), %d schedule LISTs (%.2f per"
            + " reconcile, of the policy's %d schedules and of every schedule), kubernetes writes"
            + " %d (%s)",
        some.size(),
        reconciles,
        lists,
        reconciles == 0 ? 0 : lists / (double) reconciles,
        schedules,
        op.requests.writes(),
        Report.load());
  }

  /**
   * A second policy selecting by name alone: the last ten tables. Those the first policy covers are
   * skipped (CoveredElsewhere); the others get a schedule of this one.
   */
  private static void namesOnly(
      Report r,
      KubernetesClient admin,
      SimulatedDynamoDb aws,
      InProcessOperator op,
      int n,
      Set<String> taggedCovers)
      throws Exception {
    if (n < 10 || n % 10 != 0) {
      r.line("names-only policy: skipped (BENCH_POLICY_TABLES not a multiple of 10)");
      return;
    }
    String pattern = table(n - 10).substring(0, 6) + "*";
    Set<String> matched = new TreeSet<>();
    for (int i = n - 10; i < n; i++) {
      matched.add(table(i));
    }
    Set<String> covered = new TreeSet<>(matched);
    covered.retainAll(taggedCovers);
    aws.resetCounters();
    op.requests.reset();
    TableSelector selector = new TableSelector();
    selector.setTableNames(List.of(pattern));
    long created = System.nanoTime();
    admin.resource(policy("names", selector)).create();
    DynamoDBBackupPolicyStatus status = awaitDiscovery(admin, "names");
    long statusAt = System.nanoTime();
    discovered(r, aws, op, "names [" + pattern + "]", status, created, statusAt, n, 10);
    judge(r, admin, "names", status, matched, covered);
  }
}
