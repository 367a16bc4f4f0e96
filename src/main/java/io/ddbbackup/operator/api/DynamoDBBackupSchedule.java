package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A schedule of DynamoDB on-demand backups for one table. */
@JsonClassDescription(
    "A schedule of Amazon DynamoDB on-demand backups of one table: when to take them (a cron in"
        + " a time zone), which to keep (retention rules) and what to do with them when the"
        + " schedule is deleted. The operator names each backup after its slot, takes it once,"
        + " follows it to AVAILABLE and prunes only the backups this schedule owns. Take a backup"
        + " now with the annotation ddbbackup.io/backup-now. More: docs/reference.md.")
@Group(DynamoDBBackupSchedule.GROUP)
@Version("v1alpha1")
@Kind("DynamoDBBackupSchedule")
@Singular("dynamodbbackupschedule")
@Plural("dynamodbbackupschedules")
@ShortNames({"ddbbs", "ddbschedule"})
@Categories({"all", "ddbbackup"})
@AdditionalPrinterColumn(
    name = "TABLE",
    jsonPath = ".spec.tableName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "SCHEDULE",
    jsonPath = ".spec.schedule",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "SUSPENDED",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "LAST BACKUP",
    jsonPath = ".status.lastSuccessfulTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "BACKUPS",
    jsonPath = ".status.backupCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
// a string, not a date: kubectl prints future dates as "<invalid>"
@AdditionalPrinterColumn(
    name = "NEXT",
    jsonPath = ".status.nextScheduleTime",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "PITR",
    jsonPath = ".status.recovery.pointInTimeRecovery",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "RETAINED",
    jsonPath = ".status.recovery.retained",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
// a date: kubectl prints its age, the age of the off-site recovery point
@AdditionalPrinterColumn(
    name = "OFFSITE",
    jsonPath = ".status.export.gapFreeThrough",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DynamoDBBackupSchedule
    extends CustomResource<DynamoDBBackupScheduleSpec, DynamoDBBackupScheduleStatus>
    implements Namespaced {

  public static final String GROUP = "ddbbackup.io";

  /** Setting this annotation to a new value takes one backup now, once per value. */
  public static final String BACKUP_NOW_ANNOTATION = GROUP + "/backup-now";

  /**
   * Setting this annotation to a new value starts one restore drill now (spec.verify must be set),
   * once per value.
   */
  public static final String DRILL_NOW_ANNOTATION = GROUP + "/drill-now";

  public static final String FINALIZER = GROUP + "/finalizer";

  // overridden only to describe spec and status for `kubectl explain`

  @Override
  @JsonPropertyDescription(
      "What to back up (tableName, region, roleArn), when (schedule, timeZone, suspend,"
          + " immediate, startingDeadlineSeconds), how backups are named (backupNamePrefix),"
          + " which to keep (retention) and what happens to them when the schedule is deleted"
          + " (deletionPolicy). tableName and backupNamePrefix cannot be changed once set: that"
          + " would leave the backups taken so far unpruned.")
  public DynamoDBBackupScheduleSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed and did: the last and next slot, the newest backup and its"
          + " state, counts of backups created, pruned and missed, and the Ready condition."
          + " Written by the operator only.")
  public DynamoDBBackupScheduleStatus getStatus() {
    return super.getStatus();
  }
}
