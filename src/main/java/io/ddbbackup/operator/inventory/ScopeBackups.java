package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The USER backups of one scope, by table, kept small: an inventory of an account can hold hundreds
 * of thousands. A backup costs one entry (its ARN stored without the table's common prefix, its
 * name, creation time, size and state) and one slot in its table's map. Not thread-safe: {@link
 * BackupInventory} guards each scope.
 */
final class ScopeBackups {

  private static final byte CREATING = 0;
  private static final byte AVAILABLE = 1;

  /** CREATING, but a listing covering its creation time did not return it. */
  private static final byte CREATING_MISSED = 2;

  private static final String BACKUP_PART = "/backup/";

  /** How long a backup deleted by the operator is kept from coming back with an older page. */
  private static final long TOMBSTONE_MILLIS = 10 * 60 * 1000;

  private static final class Table {
    final String name;
    String arnPrefix;
    final Map<String, Entry> byKey = new HashMap<>();

    Table(String name) {
      this.name = name;
    }

    String keyOf(String arn) {
      if (arnPrefix == null) {
        int at = arn.indexOf(BACKUP_PART);
        arnPrefix = at < 0 ? "" : arn.substring(0, at + BACKUP_PART.length());
      }
      return !arnPrefix.isEmpty() && arn.startsWith(arnPrefix)
          ? arn.substring(arnPrefix.length())
          : arn;
    }

    String arnOf(String key) {
      return key.startsWith("arn:") ? key : arnPrefix + key;
    }
  }

  private static final class Entry {
    final Table table;
    final String key;
    final String name;
    final long createdMillis;
    long sizeBytes = -1;
    byte state = CREATING;

    /** The full listing that last saw or touched it. */
    int mark;

    Entry(Table table, String key, String name, long createdMillis) {
      this.table = table;
      this.key = key;
      this.name = name;
      this.createdMillis = createdMillis;
    }

    Backup toBackup() {
      return new Backup(
          table.arnOf(key),
          name,
          table.name,
          Instant.ofEpochMilli(createdMillis),
          state == AVAILABLE ? BackupStatus.AVAILABLE : BackupStatus.CREATING,
          BackupType.USER,
          sizeBytes);
    }
  }

  private final Map<String, Table> tables = new HashMap<>();
  private final Set<Entry> creating = new HashSet<>();
  private final Map<String, Long> tombstones = new HashMap<>();
  private int size;
  private int mark;

  /** Starts a full listing: what it sees or what is touched meanwhile carries the new mark. */
  void beginFullListing() {
    mark++;
  }

  /** Records what DynamoDB said of a backup; returns false when it was DELETED or is not USER. */
  boolean seen(Backup b) {
    if (b.type() != BackupType.USER || b.tableName() == null) {
      return false;
    }
    if (b.status() == BackupStatus.DELETED || b.status() == BackupStatus.FAILED) {
      Entry e = find(b.arn());
      if (e != null) {
        remove(e);
      }
      return false;
    }
    if (tombstones.containsKey(b.arn())) {
      return false; // deleted by us after this answer was given
    }
    Table table = tables.computeIfAbsent(b.tableName(), Table::new);
    String key = table.keyOf(b.arn());
    Entry e = table.byKey.get(key);
    if (e == null) {
      e = new Entry(table, key, b.name(), b.createdAt().toEpochMilli());
      table.byKey.put(key, e);
      size++;
    }
    e.mark = mark;
    if (b.sizeBytes() >= 0) {
      e.sizeBytes = b.sizeBytes();
    }
    // AVAILABLE is final: an older answer saying CREATING does not undo it
    if (b.status() == BackupStatus.AVAILABLE || e.state == AVAILABLE) {
      e.state = AVAILABLE;
      creating.remove(e);
    } else {
      e.state = CREATING;
      creating.add(e);
    }
    return true;
  }

  /** The backup no longer exists (deleted, or DynamoDB no longer knows it). */
  void gone(String arn, long nowMillis) {
    Entry e = find(arn);
    if (e != null) {
      remove(e);
    }
    tombstones.put(arn, nowMillis);
    if (tombstones.size() > 1000) {
      forgetTombstones(nowMillis);
    }
  }

  /** The backup with this ARN, or null. */
  Backup get(String arn) {
    Entry e = find(arn);
    return e == null ? null : e.toBackup();
  }

  /** True when a listing passed over this CREATING backup without returning it. */
  boolean missedByListing(String arn) {
    Entry e = find(arn);
    return e != null && e.state == CREATING_MISSED;
  }

  /** The backups of one table (its name, not its ARN), oldest first. */
  List<Backup> ofTable(String tableName) {
    Table table = tables.get(tableName);
    if (table == null) {
      return List.of();
    }
    List<Backup> backups = new ArrayList<>(table.byKey.size());
    for (Entry e : table.byKey.values()) {
      backups.add(e.toBackup());
    }
    backups.sort(Comparator.comparing(Backup::createdAt));
    return backups;
  }

  /**
   * After a listing of one whole table that started at {@code start} and returned {@code returned}:
   * the table's backups it did not return were deleted outside the operator, unless created too
   * shortly before it to tell. Returns how many were dropped.
   */
  int dropUnlistedOfTable(String tableName, Set<String> returned, Instant start, Duration margin) {
    Table table = tables.get(tableName);
    if (table == null) {
      return 0;
    }
    int dropped = 0;
    for (Iterator<Entry> it = table.byKey.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (!returned.contains(table.arnOf(e.key))
          && ListingRules.goneUnlessListed(Instant.ofEpochMilli(e.createdMillis), start, margin)) {
        it.remove();
        creating.remove(e);
        size--;
        dropped++;
      }
    }
    if (table.byKey.isEmpty()) {
      tables.remove(tableName);
    }
    return dropped;
  }

  /** The CREATING backups created at or after {@code since}, a listing's to answer for. */
  List<Instant> creatingSince(Instant since) {
    long from = since.toEpochMilli();
    List<Instant> times = new ArrayList<>();
    for (Entry e : creating) {
      if (e.createdMillis >= from) {
        times.add(Instant.ofEpochMilli(e.createdMillis));
      }
    }
    return times;
  }

  /**
   * After a time-bounded listing from {@code from} that started at {@code start} and returned
   * {@code returned}: a CREATING backup it should have returned and did not is marked, so that
   * DescribeBackup settles it (a backup that failed simply vanishes from ListBackups).
   */
  void markMissed(Instant from, Instant start, Duration margin, Set<String> returned) {
    for (Entry e : creating) {
      Instant created = Instant.ofEpochMilli(e.createdMillis);
      if (ListingRules.missedBy(created, from, start, margin)
          && !returned.contains(e.table.arnOf(e.key))) {
        e.state = CREATING_MISSED;
      }
    }
  }

  /**
   * After a full listing that started at {@code start}: whatever it did not see and nothing touched
   * meanwhile was deleted outside the operator, unless it is too new to tell.
   */
  int dropUnseen(Instant start, Duration margin) {
    int dropped = 0;
    for (Table table : tables.values()) {
      for (Iterator<Entry> it = table.byKey.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.mark != mark
            && ListingRules.goneUnlessListed(
                Instant.ofEpochMilli(e.createdMillis), start, margin)) {
          it.remove();
          creating.remove(e);
          size--;
          dropped++;
        }
      }
    }
    tables.values().removeIf(t -> t.byKey.isEmpty());
    forgetTombstones(start.toEpochMilli());
    return dropped;
  }

  int size() {
    return size;
  }

  private Entry find(String arn) {
    Table table = tables.get(tableOf(arn));
    if (table != null) {
      Entry e = table.byKey.get(table.keyOf(arn));
      if (e != null) {
        return e;
      }
    }
    for (Table t : tables.values()) { // an ARN of an unexpected shape
      Entry e = t.byKey.get(arn);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  private void remove(Entry e) {
    if (e.table.byKey.remove(e.key) != null) {
      size--;
    }
    creating.remove(e);
  }

  private void forgetTombstones(long nowMillis) {
    tombstones.values().removeIf(at -> at < nowMillis - TOMBSTONE_MILLIS);
  }

  /** arn:...:table/NAME/backup/ID: the table's name; null for another shape. */
  static String tableOf(String arn) {
    int table = arn.indexOf(":table/");
    int backup = arn.indexOf(BACKUP_PART);
    return table < 0 || backup < table ? null : arn.substring(table + ":table/".length(), backup);
  }
}
