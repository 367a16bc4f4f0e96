package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** A restore drill on a cron of its own: prove the newest backup restores, and time it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerifySpec {

  @JsonPropertyDescription(
      "When to run a drill: a 5-field cron or @weekly etc., in spec.timeZone. Each drill restores"
          + " the newest AVAILABLE backup of this schedule not yet verified into a scratch table,"
          + " checks it, records the result and the time to restore, and deletes the scratch"
          + " table.")
  @Required
  @Size(min = 1, max = 256)
  private String schedule;

  @JsonPropertyDescription(
      "How far (in percent) the restored table's item count may be from the count DynamoDB"
          + " recorded for the table when the backup was taken (that count is refreshed about"
          + " every six hours, so it lags writes). Default 5.")
  @Min(0)
  @Max(100)
  @Default("5")
  private Integer itemCountTolerancePercent;

  @JsonPropertyDescription(
      "Primary keys that must exist in the restored table, each a map of key attribute to"
          + " value (numbers as decimal text, binary as base64), e.g. {pk: \"order#1\"}.")
  @Size(max = 100)
  private List<Map<String, String>> sampleKeys;

  @JsonPropertyDescription(
      "Skip the drill (result Skipped, with the reason) when the backup is larger than this many"
          + " bytes: a restore is billed per GB restored. Default: no limit.")
  @Min(1)
  private Long maxTableSizeBytes;

  @JsonPropertyDescription(
      "A drill that has not finished after this many minutes (restore and checks) fails and its"
          + " scratch table is deleted. Default 60.")
  @Min(1)
  @Max(1440)
  @Default("60")
  private Integer timeoutMinutes;

  @JsonPropertyDescription(
      "What each drill restores: backup, the newest AVAILABLE backup of this schedule; export, the"
          + " off-site chain of spec.export (its newest point, through a DynamoDBRestore from the"
          + " chain into a scratch table, checked against the chain's records in the bucket); both,"
          + " a drill of each at every drill slot. Default backup.")
  @Pattern("^(backup|export|both)$")
  @Default("backup")
  private String source;

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Integer getItemCountTolerancePercent() {
    return itemCountTolerancePercent;
  }

  public void setItemCountTolerancePercent(Integer itemCountTolerancePercent) {
    this.itemCountTolerancePercent = itemCountTolerancePercent;
  }

  public List<Map<String, String>> getSampleKeys() {
    return sampleKeys;
  }

  public void setSampleKeys(List<Map<String, String>> sampleKeys) {
    this.sampleKeys = sampleKeys;
  }

  public Long getMaxTableSizeBytes() {
    return maxTableSizeBytes;
  }

  public void setMaxTableSizeBytes(Long maxTableSizeBytes) {
    this.maxTableSizeBytes = maxTableSizeBytes;
  }

  public Integer getTimeoutMinutes() {
    return timeoutMinutes;
  }

  public void setTimeoutMinutes(Integer timeoutMinutes) {
    this.timeoutMinutes = timeoutMinutes;
  }
}
