package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.retention.RetentionPolicy;
import io.ddbbackup.operator.schedule.CronSchedule;

/**
 * A schedule's spec once it has been checked: everything the reconciler acts on, already parsed.
 *
 * @param tableName the table's name (the last part of an ARN), which ownership is matched on
 * @param verify the restore drills; null when spec.verify is absent
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
    VerifySettings verify) {}
