package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.Optional;

/**
 * Where a restore happens and as whom: the spec's region and role, else a source schedule's (read
 * each time, so a resumed restore and the finalizer know them too), else the region of the source's
 * ARN. Every reconcile and the cleanup place the step before anything else reads its target.
 */
final class SourcePlacement {

  private final ScheduleLookup schedules;

  SourcePlacement(ScheduleLookup schedules) {
    this.schedules = schedules;
  }

  RestoreStep place(RestoreStep step) {
    if (step.stopped()) {
      return step;
    }
    String scheduleName = scheduleOf(step.settings().source());
    if (scheduleName != null) {
      return besideSchedule(step, scheduleName);
    }
    TableTarget spec = step.settings().target();
    return step.towards(
        new TableTarget(spec.table(), orSourceRegion(step, spec.region()), spec.roleArn()));
  }

  /** A source named by a schedule: its region and role unless the spec says otherwise. */
  private RestoreStep besideSchedule(RestoreStep step, String scheduleName) {
    TableTarget spec = step.settings().target();
    String region = spec.region();
    String ns = step.resource().getMetadata().getNamespace();
    Optional<SourceSchedule> found = schedules.find(ns, scheduleName);
    Optional<SourceSchedule> schedule = found.filter(SourceSchedule::valid);
    if (schedule.isEmpty() && !step.state().sourceResolved()) {
      return step.waiting(
          RestoreReason.SOURCE_NOT_FOUND,
          found.isEmpty()
              ? "no DynamoDBBackupSchedule %s in namespace %s".formatted(scheduleName, ns)
              : "DynamoDBBackupSchedule %s is invalid: %s"
                  .formatted(scheduleName, found.get().problem()));
    }
    if (schedule.isEmpty()) {
      // gone since the source was chosen: the source's ARN still says the region
      return step.towards(
          new TableTarget(
              spec.table(),
              region != null ? region : regionOfArn(sourceArn(step)),
              spec.roleArn()));
    }
    TableTarget its = schedule.get().target();
    String itsRegion = its.region() != null ? its.region() : regionOfArn(its.table());
    if (region != null && itsRegion != null && !region.equals(itsRegion)) {
      return step.failedFor(
          RestoreReason.INVALID_SPEC,
          "spec.region \"%s\" is not the region \"%s\" of schedule %s: a backup is restored in its own region"
              .formatted(region, itsRegion, scheduleName));
    }
    String role = spec.roleArn() != null ? spec.roleArn() : its.roleArn();
    return step.towards(
        new TableTarget(
            spec.table(), orSourceRegion(step, region != null ? region : itsRegion), role));
  }

  /**
   * A region not given otherwise is the source backup's. A chain read from a bucket alone goes
   * where the spec says, else the operator's region: never the source table's, which the chosen
   * source would only tell after the first look.
   */
  private static String orSourceRegion(RestoreStep step, String region) {
    if (region == null && !(step.settings().source() instanceof RestoreSettings.FromExport)) {
      return regionOfArn(sourceArn(step));
    }
    return region;
  }

  private static String scheduleOf(RestoreSettings.Source source) {
    if (source instanceof RestoreSettings.FromSchedule fromSchedule) {
      return fromSchedule.schedule();
    }
    if (source instanceof RestoreSettings.FromExport fromExport) {
      return fromExport.schedule();
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
}
