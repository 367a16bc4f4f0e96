package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.ChainLocation;

/**
 * A DynamoDBBackupSchedule as a restore sees it: where its table is, the names its backups carry,
 * and the recovery window its status shows. The schedule kind reads it for us ({@link
 * ScheduleLookup}), so this package never parses a schedule's spec.
 *
 * @param target the schedule's table, region and role; null when the schedule is invalid
 * @param tableName the table's name (the last part of an ARN)
 * @param names the names of the backups the schedule owns
 * @param recovery the schedule's status.recovery; null when it shows none
 * @param problem why the schedule's spec is invalid; null when it is valid
 * @param export where its spec.export writes the chain; null when it exports nothing
 */
public record SourceSchedule(
    TableTarget target,
    String tableName,
    BackupName names,
    RecoveryStatus recovery,
    String problem,
    ChainLocation export) {

  /** A schedule whose spec cannot be acted on, for {@code problem}. */
  public static SourceSchedule invalid(String problem, RecoveryStatus recovery) {
    return new SourceSchedule(null, null, null, recovery, problem, null);
  }

  boolean valid() {
    return problem == null;
  }
}
