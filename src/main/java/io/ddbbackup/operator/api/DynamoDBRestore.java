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

/** One restore of a DynamoDB backup, or of a table's point in time, into a new table. */
@JsonClassDescription(
    "One restore of an Amazon DynamoDB backup (by name, by ARN, or the newest a"
        + " DynamoDBBackupSchedule owns) or of a table's point in time into a new table that must"
        + " not exist yet. The operator restores exactly once, follows the table to ACTIVE and"
        + " reports the measured time to restore. The spec cannot be changed: create a new"
        + " resource to restore again. More: docs/restore.md.")
@Group(DynamoDBBackupSchedule.GROUP)
@Version("v1alpha1")
@Kind("DynamoDBRestore")
@Singular("dynamodbrestore")
@Plural("dynamodbrestores")
@ShortNames({"ddbrestore"})
@Categories({"ddbbackup"})
@AdditionalPrinterColumn(
    name = "SOURCE",
    jsonPath = ".status.source",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "TARGET",
    jsonPath = ".spec.targetTableName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "PHASE",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "DURATION",
    jsonPath = ".status.durationSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DynamoDBRestore extends CustomResource<DynamoDBRestoreSpec, DynamoDBRestoreStatus>
    implements Namespaced {

  public static final String FINALIZER = DynamoDBBackupSchedule.GROUP + "/restore-finalizer";

  // overridden only to describe spec and status for `kubectl explain`

  @Override
  @JsonPropertyDescription(
      "What to restore (source: exactly one of backupName, backupArn, fromSchedule,"
          + " pointInTime), where to (targetTableName, region, roleArn), the overrides DynamoDB"
          + " accepts (billingMode, provisionedThroughput, sse, which secondary indexes) and what"
          + " happens to the restored table when this resource is deleted (deletionPolicy)."
          + " Immutable once created.")
  public DynamoDBRestoreSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator did: the phase (Pending, Restoring, Completed, Failed), the source it"
          + " resolved, the restored table, when the restore started and completed, the measured"
          + " duration, the restored table's item count and size, and the Ready condition.")
  public DynamoDBRestoreStatus getStatus() {
    return super.getStatus();
  }
}
