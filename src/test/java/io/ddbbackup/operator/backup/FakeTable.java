package io.ddbbackup.operator.backup;

import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.Table;
import java.time.Instant;
import java.util.List;

/** One table of {@link FakeBackupStore}: what DescribeTable would say of it, and when. */
final class FakeTable {

  static final List<Table.KeyElement> KEY = List.of(new Table.KeyElement("pk", "HASH"));

  final String name;
  final String arn;
  final String status;
  final Instant createdAt;
  final Instant readyAt;
  final Table.RestoreSummary restore;
  final long itemCount;
  final List<Table.KeyElement> keySchema;
  final List<String> globalIndexes;
  final Instant pitrSince;

  /** The partition key values of the items in it. */
  final java.util.Set<String> items;

  private FakeTable(
      String name,
      String arn,
      String status,
      Instant createdAt,
      Instant readyAt,
      Table.RestoreSummary restore,
      long itemCount,
      List<Table.KeyElement> keySchema,
      List<String> globalIndexes,
      Instant pitrSince,
      java.util.Set<String> items) {
    this.name = name;
    this.arn = arn;
    this.status = status;
    this.createdAt = createdAt;
    this.readyAt = readyAt;
    this.restore = restore;
    this.itemCount = itemCount;
    this.keySchema = keySchema;
    this.globalIndexes = globalIndexes;
    this.pitrSince = pitrSince;
    this.items = java.util.Set.copyOf(items);
  }

  /** A table made with CreateTable: ACTIVE, empty, keyed on {@code pk}. */
  static FakeTable created(String name, String arn, Instant at) {
    return new FakeTable(
        name, arn, "ACTIVE", at, null, null, 0, KEY, List.of(), null, java.util.Set.of());
  }

  /**
   * A table ImportTable makes: CREATING until {@code readyAt}, then ACTIVE with the imported items
   * (ItemCount as DynamoDB reports it after an import).
   */
  static FakeTable imported(
      String name,
      String arn,
      Instant at,
      Instant readyAt,
      List<Table.KeyElement> keySchema,
      List<String> globalIndexes,
      java.util.Set<String> items) {
    return new FakeTable(
        name,
        arn,
        "CREATING",
        at,
        readyAt,
        null,
        items.size(),
        List.copyOf(keySchema),
        List.copyOf(globalIndexes),
        null,
        items);
  }

  FakeTable withItemCount(long count) {
    return copy(status, readyAt, restore, count, globalIndexes, pitrSince);
  }

  /** Items written (their keys), with the count DynamoDB would report once it refreshed it. */
  FakeTable withItems(java.util.Set<String> keys) {
    return new FakeTable(
        name,
        arn,
        status,
        createdAt,
        readyAt,
        restore,
        keys.size(),
        keySchema,
        globalIndexes,
        pitrSince,
        keys);
  }

  FakeTable withGlobalIndexes(List<String> indexes) {
    return copy(status, readyAt, restore, itemCount, List.copyOf(indexes), pitrSince);
  }

  FakeTable withPitrSince(Instant since) {
    return copy(status, readyAt, restore, itemCount, globalIndexes, since);
  }

  /** Done restoring: ACTIVE, its RestoreSummary no longer in progress. */
  FakeTable ready() {
    Table.RestoreSummary done =
        restore == null
            ? null
            : new Table.RestoreSummary(
                restore.sourceBackupArn(), restore.sourceTableArn(), restore.restoredTo(), false);
    return copy("ACTIVE", null, done, itemCount, globalIndexes, pitrSince);
  }

  /** This table's data as a new table, as a restore makes it. */
  FakeTable restoredAs(
      RestoreRequest request,
      String newArn,
      Instant now,
      Instant readyAt,
      Table.RestoreSummary summary) {
    List<IndexDefinition> kept = request.overrides().globalSecondaryIndexes();
    List<String> indexes =
        kept == null ? globalIndexes : kept.stream().map(IndexDefinition::name).toList();
    return new FakeTable(
        request.targetTable(),
        newArn,
        "CREATING",
        now,
        readyAt,
        summary,
        itemCount,
        keySchema,
        indexes,
        null,
        items);
  }

  List<IndexDefinition> globalIndexDefinitions() {
    return globalIndexes.stream()
        .map(
            n ->
                new IndexDefinition(
                    n, List.of(new Table.KeyElement("gsi", "HASH")), "ALL", List.of(), null, null))
        .toList();
  }

  Table view() {
    return new Table(
        name,
        arn,
        status,
        createdAt,
        restore,
        itemCount,
        0,
        keySchema,
        globalIndexDefinitions(),
        List.of(),
        java.util.Map.of("pk", "S"));
  }

  private FakeTable copy(
      String newStatus,
      Instant newReadyAt,
      Table.RestoreSummary newRestore,
      long newItemCount,
      List<String> newIndexes,
      Instant newPitrSince) {
    return new FakeTable(
        name,
        arn,
        newStatus,
        createdAt,
        newReadyAt,
        newRestore,
        newItemCount,
        keySchema,
        newIndexes,
        newPitrSince,
        items);
  }
}
