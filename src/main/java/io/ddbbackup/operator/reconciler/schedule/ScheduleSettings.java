package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.retention.RetentionPolicy;
import io.ddbbackup.operator.schedule.CronSchedule;
import java.util.Optional;

/**
 * A schedule's spec once it has been checked: everything the reconciler acts on, already parsed.
 *
 * @param tableName the table's name (the last part of an ARN), which ownership is matched on
 * @param verify the restore drills; null when spec.verify is absent
 * @param pitr the table's point-in-time recovery; null when not managed
 * @param export the off-site exports; null when spec.export is absent
 */
public record ScheduleSettings(
    CronSchedule cron,
    TableTarget target,
    String tableName,
    BackupName names,
    RetentionPolicy retention,
    boolean suspend,
    boolean immediate,
    Long startingDeadlineSeconds,
    DeletionPolicy deletionPolicy,
    VerifySettings verify,
    PitrSettings pitr,
    ExportSettings export) {

  /** Why the tenancy policy refuses this schedule to {@code namespace}; empty when it permits. */
  Optional<String> refusedBy(TenancyPolicy tenancy, String namespace) {
    return tenancy.check(namespace, target.table(), tableName, target.roleArn());
  }
}
