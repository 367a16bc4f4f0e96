package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The table's point-in-time recovery (continuous backups), as the schedule manages it. A schedule's
 * {@code spec.pointInTimeRecovery} and a policy's {@code spec.template.pointInTimeRecovery}: its
 * rule's message names fields from {@code pointInTimeRecovery.} on, after the API server's path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.enabled || !has(self.recoveryPeriodInDays)",
    message =
        "pointInTimeRecovery.recoveryPeriodInDays applies only with enabled: true; remove it or"
            + " set enabled: true",
    fieldPath = ".recoveryPeriodInDays")
public class PointInTimeRecoverySpec {

  @JsonPropertyDescription(
      "true: point-in-time recovery is turned on for the table (UpdateContinuousBackups); false:"
          + " it is turned off. Billed per GB-month of table size while on.")
  @Required
  private Boolean enabled;

  @JsonPropertyDescription(
      "How many days back the table can be restored to, 1-35 (DynamoDB's default is 35). Only"
          + " with enabled: true.")
  @Min(1)
  @Max(35)
  private Integer recoveryPeriodInDays;

  @JsonPropertyDescription(
      "true (default): when the table's point-in-time recovery is changed outside the operator,"
          + " change it back and say so in an Event. false: only report the drift (Event and the"
          + " PointInTimeRecovery condition).")
  @Default("true")
  private Boolean enforce;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getRecoveryPeriodInDays() {
    return recoveryPeriodInDays;
  }

  public void setRecoveryPeriodInDays(Integer recoveryPeriodInDays) {
    this.recoveryPeriodInDays = recoveryPeriodInDays;
  }

  public Boolean getEnforce() {
    return enforce;
  }

  public void setEnforce(Boolean enforce) {
    this.enforce = enforce;
  }
}
