package io.ddbbackup.operator.api;

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
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DynamoDBBackupSchedule
    extends CustomResource<DynamoDBBackupScheduleSpec, DynamoDBBackupScheduleStatus>
    implements Namespaced {

  public static final String GROUP = "ddbbackup.io";

  /** Setting this annotation to a new value takes one backup now, once per value. */
  public static final String BACKUP_NOW_ANNOTATION = GROUP + "/backup-now";

  public static final String FINALIZER = GROUP + "/finalizer";
}
