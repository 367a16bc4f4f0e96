package io.ddbbackup.operator.retention;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Test data: the backups of table {@code orders} and its schedule {@code orders}. */
final class Backups {

  static final BackupName ORDERS = new BackupName("orders");
  static final String TABLE = "orders";
  static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

  private Backups() {}

  /** An AVAILABLE backup of the schedule, taken at {@code createdAt}. */
  static Backup owned(String createdAt) {
    return owned(createdAt, BackupStatus.AVAILABLE);
  }

  static Backup owned(String createdAt, BackupStatus status) {
    Instant at = Instant.parse(createdAt);
    return backup(ORDERS.forSlot(at), TABLE, BackupType.USER, at, status);
  }

  static List<Backup> owned(String... createdAts) {
    return Arrays.stream(createdAts).map(Backups::owned).toList();
  }

  static Backup backup(
      String name, String table, BackupType type, Instant createdAt, BackupStatus status) {
    String arn =
        "arn:aws:dynamodb:eu-west-1:111122223333:table/"
            + table
            + "/backup/0"
            + createdAt.toEpochMilli()
            + "-"
            + type
            + "-"
            + name;
    return new Backup(arn, name, table, createdAt, status, type, 1024);
  }

  static Backup foreign(String name, String table, BackupType type) {
    return backup(name, table, type, Instant.parse("2026-01-01T00:00:05Z"), BackupStatus.AVAILABLE);
  }

  static List<String> createdAts(List<Backup> backups) {
    return backups.stream().map(b -> b.createdAt().toString()).toList();
  }
}
