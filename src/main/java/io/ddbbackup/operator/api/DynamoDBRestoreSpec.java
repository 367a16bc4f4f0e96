package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What to restore and where to. Immutable once created; the operator never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message =
        "spec is immutable: a DynamoDBRestore restores once. To restore again (another source,"
            + " another target, other overrides), create a new DynamoDBRestore",
    reason = "FieldValueForbidden")
@ValidationRule(
    value =
        "!has(self.billingMode) || self.billingMode != 'PROVISIONED'"
            + " || has(self.provisionedThroughput)",
    message = "spec.billingMode PROVISIONED needs spec.provisionedThroughput",
    fieldPath = ".provisionedThroughput")
public class DynamoDBRestoreSpec {

  /** DynamoDB's billing modes. */
  public enum BillingMode {
    PAY_PER_REQUEST,
    PROVISIONED
  }

  @JsonPropertyDescription("What to restore: exactly one of its fields.")
  @Required
  private RestoreSource source;

  @JsonPropertyDescription(
      "The new table's name (3-255 characters of a-z A-Z 0-9 _ . -). It must not exist: the"
          + " operator never writes to or deletes a table it did not restore.")
  @Required
  @Size(min = 3, max = 255)
  @Pattern("^[a-zA-Z0-9_.-]+$")
  private String targetTableName;

  @JsonPropertyDescription(
      "AWS region of the source and the new table. Default: the region in a source ARN, else"
          + " the operator's own region.")
  @Size(max = 32)
  @Pattern(DynamoDBBackupScheduleSpec.REGION_PATTERN)
  private String region;

  @JsonPropertyDescription(
      "IAM role to assume (STS AssumeRole) on top of the operator's identity, as on a schedule.")
  @Size(max = 2048)
  @Pattern(DynamoDBBackupScheduleSpec.ROLE_ARN_PATTERN)
  private String roleArn;

  @JsonPropertyDescription(
      "Billing mode of the new table (BillingModeOverride). Default: as the source's.")
  private BillingMode billingMode;

  @JsonPropertyDescription(
      "Read and write capacity of the new table (ProvisionedThroughputOverride); needed with"
          + " billingMode PROVISIONED.")
  private Throughput provisionedThroughput;

  @JsonPropertyDescription(
      "Server-side encryption of the new table (SSESpecificationOverride). Default: as the"
          + " source's.")
  private SseSpec sse;

  @JsonPropertyDescription(
      "The global secondary indexes to restore, by name. Absent: all of the source's; empty:"
          + " none.")
  @Size(max = 20)
  private List<String> globalSecondaryIndexes;

  @JsonPropertyDescription(
      "The local secondary indexes to restore, by name. Absent: all of the source's; empty:"
          + " none.")
  @Size(max = 5)
  private List<String> localSecondaryIndexes;

  @JsonPropertyDescription(
      "What happens to the restored table when this resource is deleted: Retain (default) keeps"
          + " it; Delete deletes it, and only a table this resource restored (checked by its"
          + " restore source and the operator's tag).")
  @Default("Retain")
  private DeletionPolicy deletionPolicy;

  public RestoreSource getSource() {
    return source;
  }

  public void setSource(RestoreSource source) {
    this.source = source;
  }

  public String getTargetTableName() {
    return targetTableName;
  }

  public void setTargetTableName(String targetTableName) {
    this.targetTableName = targetTableName;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public BillingMode getBillingMode() {
    return billingMode;
  }

  public void setBillingMode(BillingMode billingMode) {
    this.billingMode = billingMode;
  }

  public Throughput getProvisionedThroughput() {
    return provisionedThroughput;
  }

  public void setProvisionedThroughput(Throughput provisionedThroughput) {
    this.provisionedThroughput = provisionedThroughput;
  }

  public SseSpec getSse() {
    return sse;
  }

  public void setSse(SseSpec sse) {
    this.sse = sse;
  }

  public List<String> getGlobalSecondaryIndexes() {
    return globalSecondaryIndexes;
  }

  public void setGlobalSecondaryIndexes(List<String> globalSecondaryIndexes) {
    this.globalSecondaryIndexes = globalSecondaryIndexes;
  }

  public List<String> getLocalSecondaryIndexes() {
    return localSecondaryIndexes;
  }

  public void setLocalSecondaryIndexes(List<String> localSecondaryIndexes) {
    this.localSecondaryIndexes = localSecondaryIndexes;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
