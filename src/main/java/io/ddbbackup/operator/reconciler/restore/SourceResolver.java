package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.ScheduleSettings;
import io.ddbbackup.operator.reconciler.SpecValidator;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.SourcePick;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Chooses what a restore brings back, once: a backup (by ARN, by name, or the newest a schedule
 * owns) or a table's point in time. The choice is recorded in status with the start of the restore
 * and never made again, so a schedule's newer backup cannot change a restore under way.
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
    if (placed.stopped() || placed.state().phase().done() || placed.state().sourceResolved()) {
      return placed;
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

  /**
   * Where the restore happens: the spec's region and role, else a source schedule's (read each
   * time, so a resumed restore knows them too), else the region of the source's ARN.
   */
  RestoreStep place(RestoreStep step) {
    if (step.stopped()) {
      return step;
    }
    TableTarget spec = step.settings().target();
    String scheduleName = scheduleOf(step.settings().source());
    String region = spec.region();
    String role = spec.roleArn();
    if (scheduleName != null) {
      Optional<ScheduleSettings> schedule = schedule(step, scheduleName);
      if (schedule.isEmpty() && !step.state().sourceResolved()) {
        return missingSchedule(step, scheduleName);
      }
      if (schedule.isEmpty()) {
        // gone since the source was chosen: the source's ARN still says the region
        return step.towards(
            new TableTarget(
                spec.table(), region != null ? region : regionOfArn(sourceArn(step)), role));
      }
      TableTarget its = schedule.get().target();
      String itsRegion = its.region() != null ? its.region() : regionOfArn(its.table());
      if (region != null && itsRegion != null && !region.equals(itsRegion)) {
        return step.failedFor(
            RestoreReason.INVALID_SPEC,
            "spec.region \"%s\" is not the region \"%s\" of schedule %s: a backup is restored in its own region"
                .formatted(region, itsRegion, scheduleName));
      }
      region = region != null ? region : itsRegion;
      role = role != null ? role : its.roleArn();
    }
    if (region == null) {
      region = regionOfArn(sourceArn(step));
    }
    return step.towards(new TableTarget(spec.table(), region, role));
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
    ScheduleSettings schedule = schedule(step, scheduleName).orElseThrow();
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
    String table =
        point.table() != null
            ? point.table()
            : schedule(step, point.schedule()).orElseThrow().target().table();
    Optional<String> refused = permitted(step, table);
    if (refused.isPresent()) {
      return step.failedFor(RestoreReason.NOT_PERMITTED, refused.get());
    }
    if (point.schedule() != null) {
      Optional<RestoreStep> outside = PointInTimeWindow.check(step, point, schedules, clock);
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

  private Optional<ScheduleSettings> schedule(RestoreStep step, String name) {
    return schedules
        .find(step.resource().getMetadata().getNamespace(), name)
        .map(SpecValidator::validate)
        .filter(SpecValidator.Result::valid)
        .map(SpecValidator.Result::settings);
  }

  private RestoreStep missingSchedule(RestoreStep step, String name) {
    String ns = step.resource().getMetadata().getNamespace();
    Optional<DynamoDBBackupSchedule> found = schedules.find(ns, name);
    return step.waiting(
        RestoreReason.SOURCE_NOT_FOUND,
        found.isEmpty()
            ? "no DynamoDBBackupSchedule %s in namespace %s".formatted(name, ns)
            : "DynamoDBBackupSchedule %s is invalid: %s"
                .formatted(name, SpecValidator.validate(found.get()).message()));
  }

  private static String scheduleOf(RestoreSettings.Source source) {
    if (source instanceof RestoreSettings.FromSchedule fromSchedule) {
      return fromSchedule.schedule();
    }
    return source instanceof RestoreSettings.PointInTime point ? point.schedule() : null;
  }

  private static String sourceArn(RestoreStep step) {
    if (step.state().sourceBackupArn() != null) {
      return TableArn.ofBackup(step.state().sourceBackupArn()).map(TableArn::arn).orElse(null);
    }
    RestoreSettings.Source source = step.settings().source();
    if (source instanceof RestoreSettings.ByBackupArn byArn) {
      return TableArn.ofBackup(byArn.arn()).map(TableArn::arn).orElse(null);
    }
    if (source instanceof RestoreSettings.PointInTime point) {
      return point.table();
    }
    return step.state().sourceTableArn();
  }

  private static String regionOfArn(String tableOrArn) {
    return TableArn.parse(tableOrArn).map(TableArn::region).orElse(null);
  }

  private static String region(RestoreStep step) {
    return step.target().region() == null ? "(the operator's)" : step.target().region();
  }
}
