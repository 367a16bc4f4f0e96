package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Lambda this operator replaces, as it was written: list the table's backups (its whole
 * history) to log what is there, create today's backup, list the whole history again, and delete
 * every USER backup older than N days, whoever made it.
 */
final class SeedLambda {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final BackupStore dynamodb;
  private final Clock clock;
  private final Duration maxAge;

  SeedLambda(BackupStore dynamodb, Clock clock, Duration maxAge) {
    this.dynamodb = dynamodb;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** What one invocation saw and did. */
  record Result(int listedFirst, int deleted) {}

  /** One scheduled invocation. */
  Result run(String table) {
    TableTarget target = new TableTarget(table, null, null);
    Instant now = clock.instant();
    List<Backup> before = dynamodb.list(target, null, null);
    dynamodb.create(target, table + "-" + STAMP.format(now));
    List<Backup> all = dynamodb.list(target, null, null);
    int deleted = 0;
    for (Backup b : all) {
      if (b.type() == BackupType.USER && b.createdAt().isBefore(now.minus(maxAge))) {
        dynamodb.delete(target, b.arn());
        deleted++;
      }
    }
    return new Result(before.size(), deleted);
  }
}
