package io.ddbbackup.operator.backup;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.KeyValue;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableImport;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory DynamoDB for reconciler tests. It keeps DynamoDB's awkward parts on purpose: names
 * are not unique (two creates with one name make two backups), a new backup is CREATING until the
 * clock passes its creation delay, a CREATING backup cannot be deleted, and errors arrive as {@link
 * BackupStoreException}s with the AWS error codes the real store maps. Thread-safe.
 *
 * <p>It also keeps tables for the restore port ({@link TableStore}): a backup remembers its table's
 * item count, key and indexes as they were; a restore makes a new table that is CREATING until the
 * clock passes the restore delay, with DynamoDB's RestoreSummary; a target that exists is refused
 * with TableAlreadyExistsException.
 *
 * <p>ImportTable makes a new table from the keys a test put under an export's data prefix ({@link
 * #putExportData}): the import is IN_PROGRESS and its table CREATING until the clock passes the
 * import delay, then COMPLETED with an ACTIVE table; a prefix with no data fails the import. As
 * DynamoDB: the same ClientToken and parameters within 8 hours answer with the same import (no
 * second table), the same token with other parameters is ImportConflictException, an existing
 * target is ResourceInUseException (TABLE_ALREADY_EXISTS), and a shape with local secondary indexes
 * is refused (INVALID_REQUEST) as the real store refuses it before calling.
 */
public final class FakeBackupStore implements BackupStore, TableStore {

  public static final String ACCOUNT = "111122223333";
  public static final String DEFAULT_REGION = "eu-west-1";

  private final Clock clock;
  private final String defaultRegion;
  private final Map<String, FakeTable> tables = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
  private final Map<String, Integer> pitrPeriods = new LinkedHashMap<>();
  private final Map<String, FakeTable> snapshots = new LinkedHashMap<>();
  private final Deque<Failure> lostRestoreResponses = new ArrayDeque<>();
  private Duration restoreDelay = Duration.ZERO;
  private final Map<String, java.util.Set<String>> exportData = new LinkedHashMap<>();
  private final Map<String, FakeImport> imports = new LinkedHashMap<>();
  private final Deque<Failure> lostImportResponses = new ArrayDeque<>();
  private Duration importDelay = Duration.ZERO;
  // insertion order doubles as creation order for backups created in the same millisecond
  private final Map<String, Stored> backups = new LinkedHashMap<>();
  private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
  private final Map<Operation, Deque<Failure>> injected = new EnumMap<>(Operation.class);
  private final Deque<Failure> lostCreateResponses = new ArrayDeque<>();
  private Duration creationDelay = Duration.ZERO;
  private boolean failNewBackups;
  private int pageSize = Integer.MAX_VALUE;
  private long sequence;

  public FakeBackupStore(Clock clock) {
    this(clock, DEFAULT_REGION);
  }

  /** {@code defaultRegion} is used when a target has neither a region nor a table ARN. */
  public FakeBackupStore(Clock clock, String defaultRegion) {
    this.clock = clock;
    this.defaultRegion = defaultRegion;
  }

  // ---- test setup -------------------------------------------------------------------------

  /** Makes a table exist; CreateBackup and ListBackups on any other table fail TABLE_NOT_FOUND. */
  public synchronized FakeBackupStore addTable(String tableName) {
    tables.put(tableName, FakeTable.created(tableName, arnOf(tableName), clock.instant()));
    return this;
  }

  /** Deletes a table; its backups stay, as in DynamoDB. */
  public synchronized void removeTable(String tableName) {
    tables.remove(tableName);
  }

  /** Sets a table's item count, as DynamoDB would report it after the items were written. */
  public synchronized void setItemCount(String tableName, long count) {
    tables.computeIfPresent(tableName, (n, t) -> t.withItemCount(count));
  }

  /** Writes items with these partition keys into a table (and DynamoDB's count follows). */
  public synchronized void putItems(String tableName, String... keys) {
    tables.computeIfPresent(
        tableName,
        (n, t) -> {
          java.util.Set<String> all = new java.util.LinkedHashSet<>(t.items);
          all.addAll(List.of(keys));
          return t.withItems(all);
        });
  }

  /** The partition keys of the items a table holds now; empty when there is no such table. */
  public synchronized java.util.Set<String> itemKeys(String tableName) {
    advanceTables();
    FakeTable t = tables.get(tableName);
    return t == null ? java.util.Set.of() : java.util.Set.copyOf(t.items);
  }

  /** Deletes items by partition key (DynamoDB's count follows). */
  public synchronized void deleteItems(String tableName, String... keys) {
    tables.computeIfPresent(
        tableName,
        (n, t) -> {
          java.util.Set<String> left = new java.util.LinkedHashSet<>(t.items);
          List.of(keys).forEach(left::remove);
          return t.withItems(left);
        });
  }

  /** Gives a table global secondary indexes (keyed on {@code gsi}, projecting all). */
  public synchronized void setGlobalSecondaryIndexes(String tableName, String... names) {
    tables.computeIfPresent(tableName, (n, t) -> t.withGlobalIndexes(List.of(names)));
  }

  /** Turns point-in-time recovery on for a table, restorable from now on. */
  public synchronized void enablePointInTimeRecovery(String tableName) {
    tables.computeIfPresent(tableName, (n, t) -> t.withPitrSince(clock.instant()));
  }

  /**
   * The table's point-in-time recovery as DescribeContinuousBackups would answer now, without
   * counting a call: for another fake that shares this table's window (the export fake).
   */
  private Duration restorableLag = Duration.ofMinutes(5);

  /**
   * How far the latest restorable time trails the clock: five minutes by default, as the API
   * reference says ("typically 5 minutes before the current time").
   */
  public synchronized void setRestorableLag(Duration lag) {
    this.restorableLag = lag;
  }

  public synchronized ContinuousBackups pitrNow(String tableName) {
    return continuousBackupsOf(tableName, Operation.DESCRIBE_CONTINUOUS_BACKUPS);
  }

  /** Turns point-in-time recovery off for a table, as someone outside the operator would. */
  public synchronized void disablePointInTimeRecovery(String tableName) {
    tables.computeIfPresent(tableName, (n, t) -> t.withPitrSince(null));
    pitrPeriods.remove(tableName);
  }

  /** How long a restored table stays CREATING, measured on the clock. Default zero. */
  public synchronized void setRestoreDelay(Duration delay) {
    this.restoreDelay = delay;
  }

  /** The next {@code times} restores make their table but the call throws {@code failure}. */
  public synchronized void loseNextRestoreResponses(Failure failure, int times) {
    for (int i = 0; i < times; i++) {
      lostRestoreResponses.add(failure);
    }
  }

  /**
   * Puts items (their partition keys) under an export's data prefix in a bucket: what an import of
   * {@code s3://bucket/keyPrefix} reads.
   */
  public synchronized void putExportData(String bucket, String keyPrefix, String... keys) {
    exportData
        .computeIfAbsent(bucket + "/" + keyPrefix, k -> new java.util.LinkedHashSet<>())
        .addAll(List.of(keys));
  }

  /** How long an import stays IN_PROGRESS (its table CREATING), on the clock. Default zero. */
  public synchronized void setImportDelay(Duration delay) {
    this.importDelay = delay;
  }

  /** The next {@code times} imports start (and make their table) but the call throws. */
  public synchronized void loseNextImportResponses(Failure failure, int times) {
    for (int i = 0; i < times; i++) {
      lostImportResponses.add(failure);
    }
  }

  /** Every import started, oldest first, as DescribeImport would answer now. */
  public synchronized List<TableImport> imports() {
    advanceImports();
    return imports.values().stream().map(FakeImport::view).toList();
  }

  /** A table as DescribeTable would show it now. */
  public synchronized Optional<Table> table(String tableName) {
    advanceTables();
    FakeTable table = tables.get(tableName);
    return table == null ? Optional.empty() : Optional.of(table.view());
  }

  /** The names of every table that exists now. */
  public synchronized List<String> tableNames() {
    return List.copyOf(tables.keySet());
  }

  /** How long a new backup stays CREATING, measured on the clock. Default zero. */
  public synchronized void setCreationDelay(Duration delay) {
    this.creationDelay = delay;
  }

  /**
   * While true, new backups never become AVAILABLE: once their creation delay passes they vanish,
   * which is how a failed on-demand backup looks from DescribeBackup (BackupNotFound).
   */
  public synchronized void setFailNewBackups(boolean fail) {
    this.failNewBackups = fail;
  }

  /**
   * ListBackups returns at most this many backups a page, as DynamoDB does for a full megabyte of
   * results; by default every match comes on one page.
   */
  public synchronized void setPageSize(int backupsPerPage) {
    this.pageSize = backupsPerPage;
  }

  /** Makes one existing backup fail now: it disappears. */
  public synchronized void fail(String backupArn) {
    backups.remove(backupArn);
  }

  /** Finishes a CREATING backup now, whatever its delay. */
  public synchronized void makeAvailable(String backupArn) {
    Stored stored = backups.get(backupArn);
    if (stored != null) {
      backups.put(backupArn, new Stored(stored.backup.withStatus(BackupStatus.AVAILABLE), null));
    }
  }

  /**
   * Puts a backup there as given, e.g. one made by hand, by AWS Backup or by the system, or a
   * schedule's backup from before the test. Its status never changes by itself.
   */
  public synchronized void seed(Backup backup) {
    backups.put(backup.arn(), new Stored(backup, null));
  }

  /**
   * Deletes a backup as someone else would (the console, the CLI): not a call of the operator's, so
   * it is not counted, and no inventory hears of it.
   */
  public synchronized void deleteByHand(String backupArn) {
    if (backups.remove(backupArn) == null) {
      throw new IllegalArgumentException("no backup " + backupArn);
    }
  }

  /** The next {@code times} calls of {@code op} throw {@code failure} without doing anything. */
  public synchronized void failNext(Operation op, Failure failure, int times) {
    Deque<Failure> queue = injected.computeIfAbsent(op, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(failure);
    }
  }

  /**
   * The next {@code times} CreateBackups succeed in DynamoDB but the call throws UNAVAILABLE
   * afterwards, as when the response is lost or the operator crashes right after the call.
   */
  public synchronized void loseNextCreateResponses(int times) {
    loseNextCreateResponses(Failure.UNAVAILABLE, times);
  }

  /** As {@link #loseNextCreateResponses(int)}, throwing {@code failure}. */
  public synchronized void loseNextCreateResponses(Failure failure, int times) {
    for (int i = 0; i < times; i++) {
      lostCreateResponses.add(failure);
    }
  }

  // ---- test inspection --------------------------------------------------------------------

  /** Every backup of the table that exists now (any type), oldest first. */
  public synchronized List<Backup> backups(String tableName) {
    return current().stream().filter(b -> tableName.equals(b.tableName())).toList();
  }

  /** How often {@code op} was called, failed calls included. */
  public synchronized int calls(Operation op) {
    return calls.getOrDefault(op, 0);
  }

  /** A table's point-in-time recovery as DescribeContinuousBackups would show it now. */
  public synchronized ContinuousBackups pointInTimeRecovery(String tableName) {
    return continuousBackupsOf(tableName, Operation.DESCRIBE_CONTINUOUS_BACKUPS);
  }

  public synchronized void resetCalls() {
    calls.clear();
  }

  // ---- BackupStore ------------------------------------------------------------------------

  @Override
  public synchronized Backup create(TableTarget target, String backupName) {
    begin(Operation.CREATE);
    String table = tableName(target);
    requireTable(table);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String arn =
        "arn:aws:dynamodb:%s:%s:table/%s/backup/%013d-%s"
            .formatted(region(target), ACCOUNT, table, now.toEpochMilli(), nextHex());
    Backup backup =
        new Backup(arn, backupName, table, now, BackupStatus.CREATING, BackupType.USER, -1);
    backups.put(arn, new Stored(backup, now.plus(creationDelay), failNewBackups));
    snapshots.put(arn, tables.get(table));
    Failure lost = lostCreateResponses.poll();
    if (lost != null) {
      throw exception(lost, Operation.CREATE);
    }
    return backup;
  }

  @Override
  public synchronized Backup describe(TableTarget target, String backupArn) {
    begin(Operation.DESCRIBE);
    advance();
    Stored stored = backups.get(backupArn);
    if (stored == null) {
      throw exception(Failure.BACKUP_NOT_FOUND, Operation.DESCRIBE);
    }
    return stored.backup;
  }

  /**
   * The USER backups of the target's table, or of every table when it names none, oldest first,
   * {@link #setPageSize} to a page (every match on one by default).
   */
  @Override
  public synchronized Page listPage(
      TableTarget target, Instant from, Instant toExclusive, String exclusiveStartBackupArn) {
    begin(Operation.LIST);
    String table = target.isAnyTable() ? null : tableName(target);
    if (table != null) {
      requireTable(table);
    }
    List<Backup> matches =
        current().stream()
            .filter(b -> b.type() == BackupType.USER)
            .filter(b -> table == null || table.equals(b.tableName()))
            .filter(b -> from == null || !b.createdAt().isBefore(from))
            .filter(b -> toExclusive == null || b.createdAt().isBefore(toExclusive))
            .toList();
    int start = 0;
    if (exclusiveStartBackupArn != null) {
      start = matches.stream().map(Backup::arn).toList().indexOf(exclusiveStartBackupArn) + 1;
    }
    int end = (int) Math.min(matches.size(), (long) start + pageSize);
    String last = end < matches.size() ? matches.get(end - 1).arn() : null;
    return new Page(matches.subList(start, end), last);
  }

  @Override
  public synchronized void delete(TableTarget target, String backupArn) {
    begin(Operation.DELETE);
    advance();
    Stored stored = backups.get(backupArn);
    if (stored == null) {
      throw exception(Failure.BACKUP_NOT_FOUND, Operation.DELETE);
    }
    if (stored.backup.status() == BackupStatus.CREATING) {
      throw exception(Failure.BACKUP_IN_USE, Operation.DELETE);
    }
    backups.remove(backupArn);
  }

  // ---- TableStore -------------------------------------------------------------------------

  @Override
  public void close() {}

  @Override
  public synchronized Optional<Table> describe(TableTarget target) {
    begin(Operation.DESCRIBE_TABLE);
    advanceTables();
    FakeTable table = inRegionOf(target);
    return table == null ? Optional.empty() : Optional.of(table.view());
  }

  /** As the real store: throws INVALID_REQUEST when neither target nor operator name a region. */
  @Override
  public String regionOf(TableTarget target) {
    String region = region(target);
    if (region == null) {
      throw new BackupStoreException(Failure.INVALID_REQUEST, null, FailureText.noRegion(), null);
    }
    return region;
  }

  @Override
  public synchronized BackupDetails describeBackup(TableTarget target, String backupArn) {
    begin(Operation.DESCRIBE);
    advance();
    Stored stored = backups.get(backupArn);
    if (stored == null) {
      throw exception(Failure.BACKUP_NOT_FOUND, Operation.DESCRIBE);
    }
    FakeTable source = snapshots.get(backupArn);
    if (source == null) {
      source = FakeTable.created(stored.backup.tableName(), arnOf(stored.backup.tableName()), null);
    }
    return new BackupDetails(
        stored.backup,
        source.arn,
        source.itemCount,
        source.keySchema,
        source.globalIndexDefinitions(),
        List.of());
  }

  @Override
  public synchronized Table restore(TableTarget target, RestoreRequest request) {
    Operation op =
        request.source() instanceof RestoreRequest.FromBackup
            ? Operation.RESTORE_FROM_BACKUP
            : Operation.RESTORE_TO_POINT_IN_TIME;
    begin(op);
    advanceTables();
    if (tables.containsKey(request.targetTable())) {
      throw exception(Failure.TABLE_ALREADY_EXISTS, op);
    }
    FakeTable restored =
        request.source() instanceof RestoreRequest.FromBackup fromBackup
            ? restoredFromBackup(request, fromBackup, op, region(target))
            : restoredToPointInTime(
                request, (RestoreRequest.ToPointInTime) request.source(), op, region(target));
    tables.put(restored.name, restored);
    Failure lost = lostRestoreResponses.poll();
    if (lost != null) {
      throw exception(lost, op);
    }
    return restored.view();
  }

  private FakeTable restoredFromBackup(
      RestoreRequest request, RestoreRequest.FromBackup source, Operation op, String region) {
    advance();
    Stored stored = backups.get(source.backupArn());
    if (stored == null || stored.backup.status() != BackupStatus.AVAILABLE) {
      throw exception(Failure.BACKUP_NOT_FOUND, op);
    }
    FakeTable snapshot = snapshots.get(source.backupArn());
    FakeTable base =
        snapshot != null
            ? snapshot
            : FakeTable.created(stored.backup.tableName(), arnOf(stored.backup.tableName()), null);
    return base.restoredAs(
        request,
        arnIn(region, request.targetTable()),
        clock.instant(),
        clock.instant().plus(restoreDelay),
        new Table.RestoreSummary(source.backupArn(), base.arn, stored.backup.createdAt(), true));
  }

  private FakeTable restoredToPointInTime(
      RestoreRequest request, RestoreRequest.ToPointInTime source, Operation op, String region) {
    FakeTable table = tables.get(TableArn.nameOf(source.sourceTable()));
    if (table == null) {
      throw exception(Failure.TABLE_NOT_FOUND, op);
    }
    if (table.pitrSince == null) {
      throw exception(Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE, op);
    }
    Instant latest = clock.instant().minus(Duration.ofMinutes(5));
    Instant point = source.restoreTime() == null ? latest : source.restoreTime();
    if (point.isBefore(table.pitrSince) || point.isAfter(latest)) {
      throw exception(Failure.INVALID_RESTORE_TIME, op);
    }
    return table.restoredAs(
        request,
        arnIn(region, request.targetTable()),
        clock.instant(),
        clock.instant().plus(restoreDelay),
        new Table.RestoreSummary(null, table.arn, point, true));
  }

  /** The API reference: a ClientToken is honoured for 8 hours. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

  @Override
  public synchronized TableImport importTable(TableTarget target, ImportRequest request) {
    begin(Operation.IMPORT_TABLE);
    advanceImports();
    advanceTables();
    List<String> locals =
        request.overrides().localSecondaryIndexes() != null
            ? request.overrides().localSecondaryIndexes().stream()
                .map(IndexDefinition::name)
                .toList()
            : request.shape().localSecondaryIndexes().stream()
                .map(TableShape.Index::indexName)
                .toList();
    if (!locals.isEmpty()) {
      // the real store refuses before calling: TableCreationParameters has no local indexes
      throw new BackupStoreException(
          Failure.INVALID_REQUEST,
          null,
          "ImportTable cannot create local secondary indexes " + locals + " (fake)",
          null);
    }
    Instant now = clock.instant();
    FakeImport earlier =
        imports.values().stream()
            .filter(i -> i.request.clientToken().equals(request.clientToken()))
            .filter(i -> now.isBefore(i.startedAt.plus(TOKEN_LIFETIME)))
            .reduce((a, b) -> b)
            .orElse(null);
    if (earlier != null) {
      if (!earlier.request.equals(request)) {
        throw exception(Failure.IMPORT_CONFLICT, Operation.IMPORT_TABLE);
      }
      return earlier.view();
    }
    if (tables.containsKey(request.targetTable())) {
      throw new BackupStoreException(
          Failure.TABLE_ALREADY_EXISTS,
          "ResourceInUseException",
          "ImportTable failed: ResourceInUseException: Table already exists: "
              + request.targetTable()
              + " (fake)",
          null);
    }
    String tableArn = arnIn(region(target), request.targetTable());
    String arn = tableArn + "/import/" + String.format("%013d-%s", now.toEpochMilli(), nextHex());
    java.util.Set<String> items = exportData.get(request.bucket() + "/" + request.keyPrefix());
    FakeImport started = new FakeImport(arn, tableArn, request, now, now.plus(importDelay), items);
    imports.put(arn, started);
    List<IndexDefinition> kept = request.overrides().globalSecondaryIndexes();
    tables.put(
        request.targetTable(),
        FakeTable.imported(
            request.targetTable(),
            tableArn,
            now,
            started.endsAt,
            request.shape().keySchema().stream()
                .map(k -> new Table.KeyElement(k.attributeName(), k.keyType()))
                .toList(),
            kept != null
                ? kept.stream().map(IndexDefinition::name).toList()
                : request.shape().globalSecondaryIndexes().stream()
                    .map(TableShape.Index::indexName)
                    .toList(),
            items == null ? java.util.Set.of() : items));
    Failure lost = lostImportResponses.poll();
    if (lost != null) {
      throw exception(lost, Operation.IMPORT_TABLE);
    }
    return started.view();
  }

  @Override
  public synchronized TableImport describeImport(TableTarget target, String importArn) {
    begin(Operation.DESCRIBE_IMPORT);
    advanceImports();
    FakeImport found = imports.get(importArn);
    if (found == null) {
      throw exception(Failure.IMPORT_NOT_FOUND, Operation.DESCRIBE_IMPORT);
    }
    return found.view();
  }

  @Override
  public synchronized List<TableImport> importsInto(TableTarget target, String tableArn) {
    begin(Operation.LIST_IMPORTS);
    advanceImports();
    // ListImports "lists completed imports" (API reference): one still running is not there
    return imports.values().stream()
        .filter(i -> i.tableArn.equals(tableArn))
        .map(FakeImport::view)
        .filter(i -> !"IN_PROGRESS".equals(i.status()))
        .toList();
  }

  /**
   * Ends the imports whose time has come: COMPLETED with an ACTIVE table, or FAILED (no data under
   * the prefix) with the table gone, as DynamoDB leaves no table behind a failed import.
   */
  private void advanceImports() {
    Instant now = clock.instant();
    for (FakeImport i : imports.values()) {
      if (i.endTime == null && !now.isBefore(i.endsAt)) {
        i.endTime = now;
        if (i.items == null) {
          i.status = "FAILED";
          FakeTable made = tables.get(i.request.targetTable());
          if (made != null && made.arn.equals(i.tableArn)) {
            tables.remove(i.request.targetTable());
          }
        } else {
          i.status = "COMPLETED";
        }
      }
    }
  }

  /** One import of the fake; mutable under the store's lock. */
  private static final class FakeImport {
    final String arn;
    final String tableArn;
    final ImportRequest request;
    final Instant startedAt;
    final Instant endsAt;
    final java.util.Set<String> items;
    String status = "IN_PROGRESS";
    Instant endTime;

    FakeImport(
        String arn,
        String tableArn,
        ImportRequest request,
        Instant startedAt,
        Instant endsAt,
        java.util.Set<String> items) {
      this.arn = arn;
      this.tableArn = tableArn;
      this.request = request;
      this.startedAt = startedAt;
      this.endsAt = endsAt;
      this.items = items == null ? null : java.util.Set.copyOf(items);
    }

    TableImport view() {
      boolean failed = "FAILED".equals(status);
      return new TableImport(
          arn,
          status,
          tableArn,
          request.clientToken(),
          "COMPLETED".equals(status) ? items.size() : 0,
          0,
          failed ? "S3NoSuchKey" : null,
          failed
              ? "no export data under s3://%s/%s (fake: see putExportData)"
                  .formatted(request.bucket(), request.keyPrefix())
              : null,
          startedAt,
          endTime);
    }
  }

  @Override
  public synchronized void tag(TableTarget target, String tableArn, Map<String, String> added) {
    begin(Operation.TAG_RESOURCE);
    tags.computeIfAbsent(tableArn, a -> new LinkedHashMap<>()).putAll(added);
  }

  @Override
  public synchronized Map<String, String> tags(TableTarget target, String tableArn) {
    begin(Operation.LIST_TAGS);
    return Map.copyOf(tags.getOrDefault(tableArn, Map.of()));
  }

  @Override
  public synchronized long countItems(TableTarget target) {
    begin(Operation.SCAN);
    FakeTable table = tables.get(tableName(target));
    if (table == null) {
      throw exception(Failure.TABLE_NOT_FOUND, Operation.SCAN);
    }
    return table.items.size();
  }

  @Override
  public synchronized boolean hasItem(TableTarget target, Map<String, KeyValue> key) {
    begin(Operation.GET_ITEM);
    FakeTable table = tables.get(tableName(target));
    if (table == null) {
      throw exception(Failure.TABLE_NOT_FOUND, Operation.GET_ITEM);
    }
    KeyValue pk = key.get("pk");
    return pk != null && table.items.contains(pk.text());
  }

  @Override
  public synchronized ContinuousBackups continuousBackups(TableTarget target) {
    begin(Operation.DESCRIBE_CONTINUOUS_BACKUPS);
    return continuousBackupsOf(tableName(target), Operation.DESCRIBE_CONTINUOUS_BACKUPS);
  }

  @Override
  public synchronized ContinuousBackups updateContinuousBackups(
      TableTarget target, boolean enabled, Integer recoveryPeriodInDays) {
    begin(Operation.UPDATE_CONTINUOUS_BACKUPS);
    String name = tableName(target);
    FakeTable table = tables.get(name);
    if (table == null) {
      throw exception(Failure.TABLE_NOT_FOUND, Operation.UPDATE_CONTINUOUS_BACKUPS);
    }
    if (!enabled) {
      tables.put(name, table.withPitrSince(null));
      pitrPeriods.remove(name);
    } else {
      if (table.pitrSince == null) {
        tables.put(name, table.withPitrSince(clock.instant()));
      }
      pitrPeriods.put(name, recoveryPeriodInDays == null ? 35 : recoveryPeriodInDays);
    }
    return continuousBackupsOf(name, Operation.UPDATE_CONTINUOUS_BACKUPS);
  }

  /**
   * As DynamoDB: the window starts when PITR was turned on (or the recovery period ago, whichever
   * is later) and ends about 5 minutes ago.
   */
  private ContinuousBackups continuousBackupsOf(String name, Operation op) {
    FakeTable table = tables.get(name);
    if (table == null) {
      throw exception(Failure.TABLE_NOT_FOUND, op);
    }
    if (table.pitrSince == null) {
      return new ContinuousBackups(ContinuousBackups.DISABLED, null, null, null);
    }
    Instant now = clock.instant();
    Instant latest = now.minus(restorableLag);
    int period = pitrPeriods.getOrDefault(name, 35);
    // the window keeps the last `period` days: its start slides on once PITR is older than that
    Instant periodStart = now.minus(Duration.ofDays(period));
    Instant earliest = periodStart.isAfter(table.pitrSince) ? periodStart : table.pitrSince;
    return new ContinuousBackups(
        ContinuousBackups.ENABLED,
        period,
        earliest,
        latest.isBefore(table.pitrSince) ? table.pitrSince : latest);
  }

  @Override
  public synchronized void delete(TableTarget target) {
    begin(Operation.DELETE_TABLE);
    FakeTable gone = inRegionOf(target) == null ? null : tables.remove(tableName(target));
    if (gone == null) {
      throw exception(Failure.TABLE_NOT_FOUND, Operation.DELETE_TABLE);
    }
    tags.remove(gone.arn);
  }

  private void advanceTables() {
    advanceImports(); // a failed import's table goes before it would turn ACTIVE
    Instant now = clock.instant();
    tables.replaceAll((name, t) -> t.readyAt != null && !now.isBefore(t.readyAt) ? t.ready() : t);
  }

  private String arnOf(String tableName) {
    return arnIn(defaultRegion, tableName);
  }

  private static String arnIn(String region, String tableName) {
    return "arn:aws:dynamodb:%s:%s:table/%s".formatted(region, ACCOUNT, tableName);
  }

  /**
   * The table of that name in the target's region, as DynamoDB answers: a table lives in one
   * region, and a call to another region does not find it.
   */
  private FakeTable inRegionOf(TableTarget target) {
    FakeTable table = tables.get(tableName(target));
    String region = region(target);
    boolean elsewhere =
        table != null
            && region != null
            && TableArn.parse(table.arn)
                .map(TableArn::region)
                .filter(r -> !r.equals(region))
                .isPresent();
    return elsewhere ? null : table;
  }

  // ---- internals --------------------------------------------------------------------------

  private void begin(Operation op) {
    calls.merge(op, 1, Integer::sum);
    Deque<Failure> queue = injected.get(op);
    Failure failure = queue == null ? null : queue.poll();
    if (failure != null) {
      throw exception(failure, op);
    }
  }

  /** Moves CREATING backups whose delay has passed on, as DynamoDB would have meanwhile. */
  private void advance() {
    Instant now = clock.instant();
    for (var it = backups.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      Stored stored = entry.getValue();
      if (stored.readyAt != null && !now.isBefore(stored.readyAt)) {
        if (stored.failing) {
          it.remove();
        } else {
          entry.setValue(new Stored(stored.backup.withStatus(BackupStatus.AVAILABLE), null));
        }
      }
    }
  }

  private List<Backup> current() {
    advance();
    List<Backup> all = new ArrayList<>();
    backups.values().forEach(s -> all.add(s.backup));
    all.sort(Comparator.comparing(Backup::createdAt)); // stable: keeps insertion order on ties
    return all;
  }

  private void requireTable(String table) {
    if (!tables.containsKey(table)) {
      throw new BackupStoreException(
          Failure.TABLE_NOT_FOUND,
          "TableNotFoundException",
          "TableNotFoundException: Table not found: " + table,
          null);
    }
  }

  private String nextHex() {
    // an odd multiplier is a bijection mod 2^32, so the suffixes never repeat
    return "%08x".formatted((++sequence * 0x9E3779B1L) & 0xffffffffL);
  }

  private String region(TableTarget target) {
    if (target.region() != null) {
      return target.region();
    }
    return TableArn.parse(target.table()).map(TableArn::region).orElse(defaultRegion);
  }

  private static String tableName(TableTarget target) {
    return TableArn.parse(target.table()).map(TableArn::tableName).orElse(target.table());
  }

  private static BackupStoreException exception(Failure failure, Operation op) {
    if (failure == Failure.QUEUED) {
      // as the real store's own quota queue refuses: come back in a second
      return BackupStoreException.queued(op.awsName(), Duration.ofSeconds(1));
    }
    String code = codeOf(failure);
    return new BackupStoreException(
        failure,
        code,
        op.awsName() + " failed: " + (code == null ? "injected" : code) + " (fake)",
        null);
  }

  /** The AWS error code a real DynamoDB would send for this failure. */
  static String codeOf(Failure failure) {
    return switch (failure) {
      case TABLE_NOT_FOUND -> "TableNotFoundException";
      case ACCESS_DENIED -> "AccessDeniedException";
      case THROTTLED -> "ThrottlingException";
      case LIMIT_EXCEEDED -> "LimitExceededException";
      case BACKUP_IN_USE -> "BackupInUseException";
      case BACKUP_NOT_FOUND -> "BackupNotFoundException";
      case CONTINUOUS_BACKUPS_UNAVAILABLE -> "ContinuousBackupsUnavailableException";
      case INVALID_REQUEST -> "ValidationException";
      case TABLE_ALREADY_EXISTS -> "TableAlreadyExistsException";
      case TABLE_IN_USE -> "TableInUseException";
      case INVALID_RESTORE_TIME -> "InvalidRestoreTimeException";
      case INVALID_EXPORT_TIME -> "InvalidExportTimeException";
      case EXPORT_CONFLICT -> "ExportConflictException";
      case EXPORT_NOT_FOUND -> "ExportNotFoundException";
      case IMPORT_CONFLICT -> "ImportConflictException";
      case IMPORT_NOT_FOUND -> "ImportNotFoundException";
      case POINT_IN_TIME_RECOVERY_UNAVAILABLE -> "PointInTimeRecoveryUnavailableException";
      case BUCKET_NOT_FOUND -> "NoSuchBucket";
      case OBJECT_NOT_FOUND -> "NoSuchKey";
      case UNAVAILABLE, QUEUED, NOT_LEADER, RECORD_UNREADABLE -> null; // not AWS's answers
    };
  }

  private record Stored(Backup backup, Instant readyAt, boolean failing) {
    Stored(Backup backup, Instant readyAt) {
      this(backup, readyAt, false);
    }
  }
}
