package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A table's state at a point in time (RestoreTableToPointInTime). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.restoreTime) != (has(self.useLatestRestorableTime)"
            + " && self.useLatestRestorableTime)",
    message =
        "spec.source.pointInTime needs exactly one of restoreTime or useLatestRestorableTime: true")
@ValidationRule(
    value = "(has(self.tableName) ? 1 : 0) + (has(self.fromSchedule) ? 1 : 0) == 1",
    message =
        "spec.source.pointInTime needs exactly one of tableName or fromSchedule (the table that"
            + " schedule backs up)")
public class PointInTimeSource {

  @JsonPropertyDescription(
      "The source table: its name or ARN. Its point-in-time recovery must be enabled.")
  @Size(min = 3, max = 1024)
  @Pattern(DynamoDBBackupScheduleSpec.TABLE_PATTERN)
  private String tableName;

  @JsonPropertyDescription(
      "Instead of tableName: the table a DynamoDBBackupSchedule in this namespace backs up (its"
          + " region and roleArn too); its status.recovery shows the restorable window.")
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String fromSchedule;

  @JsonPropertyDescription(
      "The point to restore to, RFC 3339 (e.g. 2026-03-02T03:15:00Z), within the table's"
          + " restorable window (earliest to latest restorable time, up to 35 days).")
  @Pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
  private String restoreTime;

  @JsonPropertyDescription(
      "Restore to the latest restorable time (typically about 5 minutes before now).")
  private Boolean useLatestRestorableTime;

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getFromSchedule() {
    return fromSchedule;
  }

  public void setFromSchedule(String fromSchedule) {
    this.fromSchedule = fromSchedule;
  }

  public String getRestoreTime() {
    return restoreTime;
  }

  public void setRestoreTime(String restoreTime) {
    this.restoreTime = restoreTime;
  }

  public Boolean getUseLatestRestorableTime() {
    return useLatestRestorableTime;
  }

  public void setUseLatestRestorableTime(Boolean useLatestRestorableTime) {
    this.useLatestRestorableTime = useLatestRestorableTime;
  }
}
