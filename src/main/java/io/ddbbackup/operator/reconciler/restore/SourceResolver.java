package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.SourcePick;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Chooses what a restore brings back, once, where {@link SourcePlacement} put it: a backup (by ARN,
 * by name, or the newest a schedule owns) or a table's point in time. The choice is recorded in
 * status with the start of the restore and never made again, so a schedule's newer backup cannot
 * change a restore under way.
 */
final class SourceResolver {

  private final BackupStore backups;
  private final TableStore tables;
  private final ScheduleLookup schedules;
  private final TenancyPolicy tenancy;
  private final Clock clock;

  SourceResolver(
      BackupStore backups,
      TableStore tables,
      ScheduleLookup schedules,
      TenancyPolicy tenancy,
      Clock clock) {
    this.backups = backups;
    this.tables = tables;
    this.schedules = schedules;
    this.tenancy = tenancy;
    this.clock = clock;
  }

  RestoreStep resolve(RestoreStep placed) {
    if (placed.stopped()
        || placed.state().phase().done()
        || placed.state().sourceResolved()
        || placed.settings().source() instanceof RestoreSettings.FromExport) {
      return placed; // a chain of exports is chosen by ExportChainSource
    }
    try {
      RestoreSettings.Source source = placed.settings().source();
      if (source instanceof RestoreSettings.ByBackupArn byArn) {
        return backup(placed, byArn.arn());
      }
      if (source instanceof RestoreSettings.ByBackupName byName) {
        return named(placed, byName.name());
      }
      if (source instanceof RestoreSettings.FromSchedule fromSchedule) {
        return latestOf(placed, fromSchedule.schedule());
      }
      return pointInTime(placed, (RestoreSettings.PointInTime) source);
    } catch (BackupStoreException e) {
      return placed.stoppedBy(e, clock.instant());
    }
  }

  private RestoreStep backup(RestoreStep step, String arn) {
    Optional<String> refused =
        permitted(step, TableArn.ofBackup(arn).map(TableArn::arn).orElse(arn));
    if (refused.isPresent()) {
      return step.failedFor(RestoreReason.NOT_PERMITTED, refused.get());
    }
    BackupDetails details;
    try {
      details = tables.describeBackup(step.target(), arn);
    } catch (BackupStoreException e) {
      if (e.failure() == BackupStoreException.Failure.BACKUP_NOT_FOUND) {
        return step.waiting(
            RestoreReason.SOURCE_NOT_FOUND,
            "spec.source.backupArn %s names no backup in region %s".formatted(arn, region(step)));
      }
      throw e;
    }
    return chosen(step, details);
  }

  private RestoreStep named(RestoreStep step, String name) {
    TableTarget anyTable = TableTarget.anyTable(step.target().region(), step.target().roleArn());
    SourcePick.Named named = SourcePick.named(backups.list(anyTable, null, null), name);
    if (named.backup() == null) {
      return named.problem().startsWith("no backup")
          ? step.waiting(
              RestoreReason.SOURCE_NOT_FOUND,
              "spec.source.backupName: %s in region %s".formatted(named.problem(), region(step)))
          : step.failedFor(
              RestoreReason.INVALID_SPEC, "spec.source.backupName: " + named.problem());
    }
    return backup(step, named.backup().arn());
  }

  private RestoreStep latestOf(RestoreStep step, String scheduleName) {
    SourceSchedule schedule = schedule(step, scheduleName).orElseThrow();
    Optional<String> refused = permitted(step, schedule.target().table());
    if (refused.isPresent()) {
      return step.failedFor(RestoreReason.NOT_PERMITTED, refused.get());
    }
    Optional<Backup> latest =
        SourcePick.latestOwned(
            backups.list(schedule.target(), null, null), schedule.names(), schedule.tableName());
    if (latest.isEmpty()) {
      return step.waiting(
          RestoreReason.SOURCE_NOT_FOUND,
          "schedule %s owns no AVAILABLE backup of table %s yet"
              .formatted(scheduleName, schedule.tableName()));
    }
    return backup(step, latest.get().arn());
  }

  private RestoreStep pointInTime(RestoreStep step, RestoreSettings.PointInTime point) {
    // read once: the table when the spec names none, and the window its status shows
    Optional<SourceSchedule> schedule =
        point.schedule() == null ? Optional.empty() : schedule(step, point.schedule());
    String table = point.table() != null ? point.table() : schedule.orElseThrow().target().table();
    Optional<String> refused = permitted(step, table);
    if (refused.isPresent()) {
      return step.failedFor(RestoreReason.NOT_PERMITTED, refused.get());
    }
    if (point.schedule() != null) {
      Optional<RestoreStep> outside = PointInTimeWindow.check(step, point, schedule, clock);
      if (outside.isPresent()) {
        return outside.get();
      }
    }
    Optional<Table> source = tables.describe(step.target().withTable(table));
    if (source.isEmpty()) {
      return step.waiting(
          RestoreReason.SOURCE_NOT_FOUND,
          "spec.source.pointInTime: no table %s in region %s".formatted(table, region(step)));
    }
    String when = point.time() == null ? "latest" : StatusTimes.format(point.time());
    return step.with(
        step.state()
            .with(
                s -> {
                  s.sourceTableArn = source.get().arn();
                  s.source = source.get().name() + "@" + when;
                }));
  }

  private RestoreStep chosen(RestoreStep step, BackupDetails details) {
    Backup backup = details.backup();
    if (!backup.isAvailable()) {
      return step.waiting(
          RestoreReason.RESTORING,
          "Waiting for backup %s to be AVAILABLE (it is %s)"
              .formatted(backup.name(), backup.status()));
    }
    return step.withDetails(details)
        .with(
            step.state()
                .with(
                    s -> {
                      s.sourceBackupArn = backup.arn();
                      s.sourceBackupName = backup.name();
                      s.sourceTableArn = details.sourceTableArn();
                      s.source = backup.name();
                    }));
  }

  /** Empty when the tenancy policy lets this namespace restore from {@code table}. */
  private Optional<String> permitted(RestoreStep step, String table) {
    return tenancy.check(
        step.resource().getMetadata().getNamespace(),
        table,
        TableArn.nameOf(table),
        step.target().roleArn());
  }

  private Optional<SourceSchedule> schedule(RestoreStep step, String name) {
    return schedules
        .find(step.resource().getMetadata().getNamespace(), name)
        .filter(SourceSchedule::valid);
  }

  private static String region(RestoreStep step) {
    return step.target().region() == null ? "(the operator's)" : step.target().region();
  }
}
