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

/** A fleet of tables, selected by name and tags, each kept under a generated schedule. */
@JsonClassDescription(
    "A backup policy for a fleet of Amazon DynamoDB tables: it selects the tables of one region"
        + " (and account) by name patterns and tags, and keeps one generated"
        + " DynamoDBBackupSchedule per selected table, made from its template and owned by the"
        + " policy. A table already covered by another schedule is skipped and reported, never"
        + " backed up twice. Discover now with the annotation ddbbackup.io/discover-now. More:"
        + " docs/policies.md.")
@Group(DynamoDBBackupSchedule.GROUP)
@Version("v1alpha1")
@Kind("DynamoDBBackupPolicy")
@Singular("dynamodbbackuppolicy")
@Plural("dynamodbbackuppolicies")
@ShortNames({"ddbbp"})
@Categories({"ddbbackup"})
@AdditionalPrinterColumn(
    name = "REGION",
    jsonPath = ".spec.region",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "MATCHED",
    jsonPath = ".status.matched",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "COVERED",
    jsonPath = ".status.covered",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "SKIPPED",
    jsonPath = ".status.skipped",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "FAILING",
    jsonPath = ".status.failing",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "OLDEST POINT",
    jsonPath = ".status.oldestRecoveryPoint",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DynamoDBBackupPolicy
    extends CustomResource<DynamoDBBackupPolicySpec, DynamoDBBackupPolicyStatus>
    implements Namespaced {

  /** Setting this annotation to a new value discovers the tables now, once per value. */
  public static final String DISCOVER_NOW_ANNOTATION =
      DynamoDBBackupSchedule.GROUP + "/discover-now";

  /** On every generated schedule: the name of the policy that generated it. */
  public static final String POLICY_LABEL = DynamoDBBackupSchedule.GROUP + "/policy";

  // overridden only to describe spec and status for `kubectl explain`

  @Override
  @JsonPropertyDescription(
      "Where to look (region, roleArn), which tables to select (selector: name patterns and tag"
          + " conditions, every given part must match), the schedule each selected table gets"
          + " (template: a DynamoDBBackupSchedule's spec without tableName, region and roleArn)"
          + " and how often to look again (discoveryInterval).")
  public DynamoDBBackupPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the last discovery found: tables matched, covered by a generated schedule, skipped"
          + " (and why), failing (their schedule not Ready), the oldest recovery point among"
          + " them, and the Ready condition. Written by the operator only.")
  public DynamoDBBackupPolicyStatus getStatus() {
    return super.getStatus();
  }
}
