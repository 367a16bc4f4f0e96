package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Server-side encryption of a restored table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.kmsMasterKeyId) || (has(self.sseType) && self.sseType == 'KMS')",
    message = "spec.sse.kmsMasterKeyId needs spec.sse.sseType KMS",
    fieldPath = ".kmsMasterKeyId")
public class SseSpec {

  /** DynamoDB's SSE types. */
  public enum SseType {
    AES256,
    KMS
  }

  @JsonPropertyDescription(
      "true: encrypt with an AWS KMS key (sseType KMS); false: with a key DynamoDB owns.")
  private Boolean enabled;

  @JsonPropertyDescription("KMS (an AWS KMS key) or AES256.")
  private SseType sseType;

  @JsonPropertyDescription(
      "The KMS key: its ID, ARN, alias name or alias ARN. Default: the AWS managed key"
          + " alias/aws/dynamodb.")
  @Size(max = 2048)
  private String kmsMasterKeyId;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public SseType getSseType() {
    return sseType;
  }

  public void setSseType(SseType sseType) {
    this.sseType = sseType;
  }

  public String getKmsMasterKeyId() {
    return kmsMasterKeyId;
  }

  public void setKmsMasterKeyId(String kmsMasterKeyId) {
    this.kmsMasterKeyId = kmsMasterKeyId;
  }
}
