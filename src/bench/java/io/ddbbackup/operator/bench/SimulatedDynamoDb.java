package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * DynamoDB's backup control plane as the benchmark needs it, on the wire level (one method per API
 * call, ListBackups one page at a time): every call takes 30–100 ms (seeded), and the account's
 * quotas are ENFORCED the way AWS does it, a token bucket per (account, region, operation) holding
 * one second's worth; a call that finds it empty fails THROTTLED at once and is counted. A new
 * backup is CREATING for a few seconds (seeded) before it is AVAILABLE.
 */
final class SimulatedDynamoDb {

  static final String ACCOUNT = "111122223333";
  static final String REGION = "eu-west-1";
  static final int PAGE_SIZE = 100;

  /** One ListBackups page: the summaries and the marker for the next page (null at the end). */
  record Page(List<Backup> backups, String lastEvaluatedBackupArn) {}

  /** A CreateBackup as the server received it. */
  record CreateCall(String backupName, Instant arrivedAt) {}

  private static final class Stored {
    final Backup backup;
    final Instant availableAt;
    final long sequence;
    volatile boolean deleted;

    Stored(Backup backup, Instant availableAt, long sequence) {
      this.backup = backup;
      this.availableAt = availableAt;
      this.sequence = sequence;
    }

    /**
     * The backup as an answer states it now, in strings of its own: the AWS SDK parses every
     * response into new strings, so the operator keeps what it was told, never the simulation's
     * own name and ARN (which would make the operator's share of the heap look smaller).
     */
    Backup now(Instant now) {
      Backup stated =
          now.isBefore(availableAt) ? backup : backup.withStatus(BackupStatus.AVAILABLE);
      return answered(stated);
    }
  }

  private final Clock clock;
  private final Random random;
  private final long latencyMinMillis;
  private final long latencyMaxMillis;
  private final Duration creatingMin;
  private final Duration creatingMax;
  private final Map<Operation, Double> quotas;
  private final Map<String, ServerBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, List<Stored>> byTable = new ConcurrentHashMap<>();
  private final Map<String, Stored> byArn = new ConcurrentHashMap<>();
  // every table together, by creation time, for a ListBackups without TableName (guarded by byTable)
  private final java.util.TreeMap<Stored, Stored> byCreation =
      new java.util.TreeMap<>(
          java.util.Comparator.comparing((Stored s) -> s.backup.createdAt())
              .thenComparingLong(s -> s.sequence));
  private final LongAdder everyTableLastPages = new LongAdder();
  private final Map<Operation, LongAdder> calls = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> throttled = new EnumMap<>(Operation.class);
  private final ConcurrentLinkedQueue<CreateCall> creates = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  // the tables a policy's discovery lists, by name (ListTables pages in name order), and their tags
  private final java.util.concurrent.ConcurrentSkipListMap<String, Map<String, String>> tables =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  // DescribeTables made for a policy's discovery (to learn the ARN), apart from the schedules' checks
  private final LongAdder catalogDescribes = new LongAdder();
  private final Map<Operation, AtomicLong> lastCallNanos = new ConcurrentHashMap<>();

  SimulatedDynamoDb(Clock clock, long seed) {
    this(clock, seed, 30, 100, Duration.ofSeconds(2), Duration.ofSeconds(6));
  }

  SimulatedDynamoDb(
      Clock clock,
      long seed,
      long latencyMinMillis,
      long latencyMaxMillis,
      Duration creatingMin,
      Duration creatingMax) {
    this.clock = clock;
    this.random = new Random(seed);
    this.latencyMinMillis = latencyMinMillis;
    this.latencyMaxMillis = latencyMaxMillis;
    this.creatingMin = creatingMin;
    this.creatingMax = creatingMax;
    this.quotas = Quotas.dynamoDbDefaults();
    // ListTables has no rate of its own in DynamoDB's documentation, only the control plane's
    // throttle of 2,500 requests per second; ListTagsOfResource's documented 10/s per account and
    // DescribeTable's 20/s (the rate the other scenarios have always simulated) stay as they are
    this.quotas.put(Operation.LIST_TABLES, 2500.0);
    for (Operation op : Operation.values()) {
      calls.put(op, new LongAdder());
      throttled.put(op, new LongAdder());
    }
  }

  // ---- the four API calls ----

  Backup createBackup(String account, String region, String table, String backupName) {
    Instant arrived = admit(account, region, Operation.CREATE);
    creates.add(new CreateCall(backupName, arrived));
    long n = sequence.incrementAndGet();
    String arn =
        "arn:aws:dynamodb:%s:%s:table/%s/backup/%013d-%08x"
            .formatted(region, account, table, arrived.toEpochMilli(), n);
    // the server keeps strings of its own too: the request's were the operator's
    Backup backup =
        new Backup(
            arn,
            new String(backupName),
            new String(table),
            arrived,
            BackupStatus.CREATING,
            BackupType.USER,
            -1);
    store(new Stored(backup, arrived.plus(creatingTime()), n));
    respond();
    return answered(backup);
  }

  Backup describeBackup(String account, String region, String arn) {
    admit(account, region, Operation.DESCRIBE);
    Stored stored = byArn.get(arn);
    respond();
    if (stored == null || stored.deleted) {
      throw new BackupStoreException(
          Failure.BACKUP_NOT_FOUND, "BackupNotFoundException", "Backup not found: " + arn, null);
    }
    return stored.now(clock.instant());
  }

  /**
   * USER backups of {@code table} (of every table when null) created in [from, to), oldest first,
   * PAGE_SIZE per page.
   */
  Page listBackups(
      String account, String region, String table, Instant from, Instant to, String startAfter) {
    Instant now = admit(account, region, Operation.LIST);
    if (table == null) {
      return everyTable(now, from, to, startAfter);
    }
    List<Stored> all;
    synchronized (byTable) {
      all = new ArrayList<>(byTable.getOrDefault(table, List.of()));
    }
    List<Backup> page = new ArrayList<>();
    boolean started = startAfter == null;
    String last = null;
    for (Stored s : all) {
      if (!started) {
        started = s.backup.arn().equals(startAfter);
        continue;
      }
      if (s.deleted
          || (from != null && s.backup.createdAt().isBefore(from))
          || (to != null && !s.backup.createdAt().isBefore(to))) {
        continue;
      }
      if (page.size() == PAGE_SIZE) {
        last = page.get(page.size() - 1).arn();
        break;
      }
      page.add(s.now(now));
    }
    respond();
    return new Page(page, last);
  }

  private Page everyTable(Instant now, Instant from, Instant to, String startAfter) {
    List<Backup> page = new ArrayList<>();
    String last = null;
    synchronized (byTable) {
      java.util.NavigableMap<Stored, Stored> rest;
      if (startAfter != null) {
        Stored after = byArn.get(startAfter);
        rest = after == null ? byCreation : byCreation.tailMap(after, false);
      } else {
        rest = byCreation;
      }
      for (Stored s : rest.keySet()) {
        if (to != null && !s.backup.createdAt().isBefore(to)) {
          break;
        }
        if (s.deleted || (from != null && s.backup.createdAt().isBefore(from))) {
          continue;
        }
        if (page.size() == PAGE_SIZE) {
          last = page.get(page.size() - 1).arn();
          break;
        }
        page.add(s.now(now));
      }
    }
    if (last == null && from == null) {
      everyTableLastPages.increment();
    }
    respond();
    return new Page(page, last);
  }

  /** DescribeTable: every table the benchmark names exists; the call costs its permit and time. */
  void describeTable(String account, String region, String table) {
    admit(account, region, Operation.DESCRIBE_TABLE);
    respond();
  }

  /** ListTables: up to PAGE_SIZE names after {@code exclusiveStart}, in name order. */
  TablePage listTables(String account, String region, String exclusiveStart) {
    admit(account, region, Operation.LIST_TABLES);
    var rest = exclusiveStart == null ? tables : tables.tailMap(exclusiveStart, false);
    List<String> names = new ArrayList<>(PAGE_SIZE);
    String last = null;
    for (String name : rest.keySet()) {
      if (names.size() == PAGE_SIZE) {
        last = names.get(PAGE_SIZE - 1);
        break;
      }
      names.add(new String(name));
    }
    respond();
    return new TablePage(names, last);
  }

  /** DescribeTable of a table the catalog holds: its ARN. */
  String tableArn(String account, String region, String table) {
    catalogDescribes.increment();
    describeTable(account, region, table);
    if (!tables.containsKey(table)) {
      throw new BackupStoreException(
          Failure.TABLE_NOT_FOUND,
          "ResourceNotFoundException",
          "Requested resource not found: Table: " + table + " not found",
          null);
    }
    return "arn:aws:dynamodb:%s:%s:table/%s".formatted(region, account, table);
  }

  /** ListTagsOfResource of a table's ARN (one page: a table has at most 50 tags). */
  Map<String, String> listTagsOfResource(String account, String region, String arn) {
    admit(account, region, Operation.LIST_TAGS);
    String table = arn.substring(arn.indexOf(":table/") + ":table/".length());
    Map<String, String> tags = this.tables.get(table);
    respond();
    if (tags == null) {
      throw new BackupStoreException(
          Failure.TABLE_NOT_FOUND,
          "ResourceNotFoundException",
          "Requested resource not found: ResourceArn: " + arn + " not found",
          null);
    }
    return Map.copyOf(tags);
  }

  private volatile boolean getResourcesDenied;

  /** Tables with at least one tag: those GetResources answers. */
  long taggedTables() {
    return tables.values().stream().filter(t -> !t.isEmpty()).count();
  }

  /** GetResources is refused from now on, as for a role without tag:GetResources. */
  void denyGetResources() {
    getResourcesDenied = true;
  }

  /**
   * The Tagging API's GetResources for DynamoDB tables: up to PAGE_SIZE tagged tables after the
   * token (the last name of the previous page), in name order, with copies of their tags.
   */
  io.ddbbackup.operator.policy.TableCatalog.TaggedPage getResources(
      String account, String region, String token) {
    admit(account, region, Operation.GET_RESOURCES);
    if (getResourcesDenied) {
      respond();
      throw new BackupStoreException(
          Failure.ACCESS_DENIED,
          "AccessDeniedException",
          "GetResources failed: AccessDeniedException: not authorized to perform:"
              + " tag:GetResources",
          null);
    }
    var rest = token == null ? tables : tables.tailMap(token, false);
    Map<String, Map<String, String>> page = new java.util.HashMap<>();
    String last = null;
    String next = null;
    for (var table : rest.entrySet()) {
      if (table.getValue().isEmpty()) {
        continue; // never tagged: in no page
      }
      if (page.size() == PAGE_SIZE) {
        next = last;
        break;
      }
      Map<String, String> tags = new java.util.HashMap<>();
      table.getValue().forEach((k, v) -> tags.put(new String(k), new String(v)));
      page.put(new String(table.getKey()), tags);
      last = table.getKey();
    }
    respond();
    return new io.ddbbackup.operator.policy.TableCatalog.TaggedPage(page, next);
  }

  /** One ListTables page: the names and where the next page starts (null at the end). */
  record TablePage(List<String> tableNames, String lastEvaluatedTableName) {}

  /** How far the latest restorable time trails the clock (DescribeContinuousBackups). */
  private volatile Duration restorableLag = SimulatedExports.RESTORABLE_LAG;

  void setRestorableLag(Duration lag) {
    restorableLag = lag;
  }

  /**
   * DescribeContinuousBackups: PITR is on for every table, 35 days, the latest restorable time
   * {@link #restorableLag} behind the clock.
   */
  io.ddbbackup.operator.restore.ContinuousBackups describeContinuousBackups(
      String account, String region) {
    Instant now = admit(account, region, Operation.DESCRIBE_CONTINUOUS_BACKUPS);
    respond();
    return new io.ddbbackup.operator.restore.ContinuousBackups(
        io.ddbbackup.operator.restore.ContinuousBackups.ENABLED,
        35,
        now.minus(Duration.ofDays(35)),
        now.minus(restorableLag));
  }

  void deleteBackup(String account, String region, String arn) {
    Instant now = admit(account, region, Operation.DELETE);
    Stored stored = byArn.get(arn);
    respond();
    if (stored == null || stored.deleted) {
      throw new BackupStoreException(
          Failure.BACKUP_NOT_FOUND, "BackupNotFoundException", "Backup not found: " + arn, null);
    }
    if (now.isBefore(stored.availableAt)) {
      throw new BackupStoreException(
          Failure.BACKUP_IN_USE, "BackupInUseException", "Backup is being created: " + arn, null);
    }
    stored.deleted = true;
  }

  // ---- set-up and figures ----

  /** An AVAILABLE USER backup made before the benchmark (history for pruning and the seed). */
  String addExisting(String table, String backupName, Instant createdAt) {
    long n = sequence.incrementAndGet();
    String arn =
        "arn:aws:dynamodb:%s:%s:table/%s/backup/%013d-%08x"
            .formatted(REGION, ACCOUNT, table, createdAt.toEpochMilli(), n);
    store(
        new Stored(
            new Backup(
                arn, backupName, table, createdAt, BackupStatus.CREATING, BackupType.USER, 1024),
            createdAt,
            n));
    return arn;
  }

  /** A table of the account, with its tags, for a policy's discovery to find. */
  void addTable(String table, Map<String, String> tags) {
    tables.put(table, Map.copyOf(tags));
  }

  /** How many backups exist now, every table together. */
  long liveBackups() {
    synchronized (byTable) {
      return byCreation.keySet().stream().filter(s -> !s.deleted).count();
    }
  }

  /** How many listings of every table (no time bound) reached their last page: full listings. */
  long fullListingsCompleted() {
    return everyTableLastPages.sum();
  }

  long calls(Operation op) {
    return calls.get(op).sum();
  }

  /** DescribeTables made to learn a table's ARN for a discovery (also in calls(DESCRIBE_TABLE)). */
  long catalogDescribes() {
    return catalogDescribes.sum();
  }

  /** System.nanoTime() of the last call of {@code op} to arrive, or 0. */
  long lastCallNanos(Operation op) {
    AtomicLong last = lastCallNanos.get(op);
    return last == null ? 0 : last.get();
  }

  long totalCalls() {
    return calls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long throttled(Operation op) {
    return throttled.get(op).sum();
  }

  long totalThrottled() {
    return throttled.values().stream().mapToLong(LongAdder::sum).sum();
  }

  List<CreateCall> creates() {
    return List.copyOf(creates);
  }

  long liveBackups(String table) {
    synchronized (byTable) {
      return byTable.getOrDefault(table, List.of()).stream().filter(s -> !s.deleted).count();
    }
  }

  void resetCounters() {
    calls.values().forEach(LongAdder::reset);
    throttled.values().forEach(LongAdder::reset);
    catalogDescribes.reset();
    creates.clear();
  }

  // ---- internals ----

  /** {@code backup} with new strings for its ARN, name and table, as a parsed response has. */
  private static Backup answered(Backup backup) {
    return new Backup(
        new String(backup.arn()),
        new String(backup.name()),
        backup.tableName() == null ? null : new String(backup.tableName()),
        backup.createdAt(),
        backup.status(),
        backup.type(),
        backup.sizeBytes());
  }

  private void store(Stored stored) {
    synchronized (byTable) {
      byTable.computeIfAbsent(stored.backup.tableName(), t -> new ArrayList<>()).add(stored);
      byCreation.put(stored, stored);
    }
    byArn.put(stored.backup.arn(), stored);
  }

  /** The call reaches AWS: it is counted, and refused if the account's bucket is empty. */
  private Instant admit(String account, String region, Operation op) {
    calls.get(op).increment();
    lastCallNanos.computeIfAbsent(op, o -> new AtomicLong()).set(System.nanoTime());
    ServerBucket bucket =
        buckets.computeIfAbsent(
            account + "/" + region + "/" + op, k -> new ServerBucket(quotas.get(op)));
    if (!bucket.tryTake(System.nanoTime())) {
      throttled.get(op).increment();
      respond();
      throw new BackupStoreException(
          Failure.THROTTLED,
          "ThrottlingException",
          op.awsName() + ": Rate of requests exceeds the allowed throughput. " + bucket,
          null);
    }
    return clock.instant();
  }

  private void respond() {
    long millis;
    synchronized (random) {
      millis = latencyMinMillis + (long) (random.nextDouble() * (latencyMaxMillis - latencyMinMillis));
    }
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(Failure.UNAVAILABLE, null, "interrupted", e);
    }
  }

  private Duration creatingTime() {
    synchronized (random) {
      long span = creatingMax.toMillis() - creatingMin.toMillis();
      return creatingMin.plusMillis((long) (random.nextDouble() * span));
    }
  }

  /** AWS's side of a quota: {@code rate} per second, at most one second's worth in reserve. */
  private static final class ServerBucket {
    private final double rate;
    private double tokens;
    private long last;

    ServerBucket(double rate) {
      this.rate = rate;
      this.tokens = rate;
      this.last = System.nanoTime();
    }

    @Override
    public synchronized String toString() {
      return "(bucket %.3f tokens of %.0f)".formatted(tokens, rate);
    }

    synchronized boolean tryTake(long now) {
      tokens = Math.min(rate, tokens + (now - last) * rate / 1e9);
      last = Math.max(last, now);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
