package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Which of the schedule's backups to keep; a backup is kept if any rule keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {

  @JsonPropertyDescription("Keep the newest N backups of this schedule.")
  @Min(1)
  @Max(100000)
  private Integer keepLast;

  @JsonPropertyDescription(
      "Keep backups younger than this: a whole number and a unit, one of s m h d w (e.g. 30d).")
  @Pattern("^[1-9][0-9]{0,8}[smhdw]$")
  private String maxAge;

  @JsonPropertyDescription(
      "Keep the newest backup of each of the last N days that have backups, days counted in"
          + " spec.timeZone.")
  @Min(1)
  @Max(100000)
  private Integer keepDaily;

  @JsonPropertyDescription(
      "Keep the newest backup of each of the last N ISO weeks that have backups, in spec.timeZone.")
  @Min(1)
  @Max(100000)
  private Integer keepWeekly;

  @JsonPropertyDescription(
      "Keep the newest backup of each of the last N months that have backups, in spec.timeZone.")
  @Min(1)
  @Max(100000)
  private Integer keepMonthly;

  public Integer getKeepLast() {
    return keepLast;
  }

  public void setKeepLast(Integer keepLast) {
    this.keepLast = keepLast;
  }

  public String getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(String maxAge) {
    this.maxAge = maxAge;
  }

  public Integer getKeepDaily() {
    return keepDaily;
  }

  public void setKeepDaily(Integer keepDaily) {
    this.keepDaily = keepDaily;
  }

  public Integer getKeepWeekly() {
    return keepWeekly;
  }

  public void setKeepWeekly(Integer keepWeekly) {
    this.keepWeekly = keepWeekly;
  }

  public Integer getKeepMonthly() {
    return keepMonthly;
  }

  public void setKeepMonthly(Integer keepMonthly) {
    this.keepMonthly = keepMonthly;
  }
}
