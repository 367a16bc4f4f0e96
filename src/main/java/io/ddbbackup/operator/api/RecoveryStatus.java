package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** The schedule's recovery posture: its table's restore window and what its backups hold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryStatus {

  @JsonPropertyDescription(
      "The table's point-in-time recovery as last checked: ENABLED, ENABLING or DISABLED. Empty"
          + " when spec.pointInTimeRecovery is absent (not managed).")
  private String pointInTimeRecovery;

  @JsonPropertyDescription("The recovery period DynamoDB reported, in days.")
  private Integer recoveryPeriodInDays;

  @JsonPropertyDescription(
      "The earliest time the table can be restored to (RestoreTableToPointInTime), RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String earliestRestorableTime;

  @JsonPropertyDescription(
      "The latest restorable time when last checked (it moves on: typically about 5 minutes"
          + " before now), RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String latestRestorableTime;

  @JsonPropertyDescription(
      "When the point-in-time recovery check shown here was made (DescribeContinuousBackups), or"
          + " the check was refused (see the PointInTimeRecovery condition), RFC 3339. A check that"
          + " finds nothing new is written with the next status write that happens anyway.")
  @JsonSerialize(using = Rfc3339.class)
  private String checkedTime;

  @JsonPropertyDescription("When the newest AVAILABLE backup this schedule owns was created.")
  @JsonSerialize(using = Rfc3339.class)
  private String newestBackupTime;

  @JsonPropertyDescription(
      "The sum of the sizes (BackupSizeBytes) of the backups this schedule owns, counted after"
          + " its last backup from the listing retention makes.")
  private Long retainedBytes;

  @JsonPropertyDescription("retainedBytes for people, e.g. 1.5 GiB (the RETAINED column).")
  private String retained;

  @JsonPropertyDescription(
      "Age in seconds, at the last reconcile, of the newest recovery point: the later of the"
          + " latest restorable time and the newest backup.")
  private Long recoveryPointAgeSeconds;

  public String getPointInTimeRecovery() {
    return pointInTimeRecovery;
  }

  public void setPointInTimeRecovery(String pointInTimeRecovery) {
    this.pointInTimeRecovery = pointInTimeRecovery;
  }

  public Integer getRecoveryPeriodInDays() {
    return recoveryPeriodInDays;
  }

  public void setRecoveryPeriodInDays(Integer recoveryPeriodInDays) {
    this.recoveryPeriodInDays = recoveryPeriodInDays;
  }

  public String getEarliestRestorableTime() {
    return earliestRestorableTime;
  }

  public void setEarliestRestorableTime(String earliestRestorableTime) {
    this.earliestRestorableTime = earliestRestorableTime;
  }

  public String getLatestRestorableTime() {
    return latestRestorableTime;
  }

  public void setLatestRestorableTime(String latestRestorableTime) {
    this.latestRestorableTime = latestRestorableTime;
  }

  public String getCheckedTime() {
    return checkedTime;
  }

  public void setCheckedTime(String checkedTime) {
    this.checkedTime = checkedTime;
  }

  public String getNewestBackupTime() {
    return newestBackupTime;
  }

  public void setNewestBackupTime(String newestBackupTime) {
    this.newestBackupTime = newestBackupTime;
  }

  public Long getRetainedBytes() {
    return retainedBytes;
  }

  public void setRetainedBytes(Long retainedBytes) {
    this.retainedBytes = retainedBytes;
  }

  public String getRetained() {
    return retained;
  }

  public void setRetained(String retained) {
    this.retained = retained;
  }

  public Long getRecoveryPointAgeSeconds() {
    return recoveryPointAgeSeconds;
  }

  public void setRecoveryPointAgeSeconds(Long recoveryPointAgeSeconds) {
    this.recoveryPointAgeSeconds = recoveryPointAgeSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecoveryStatus r
        && Objects.equals(pointInTimeRecovery, r.pointInTimeRecovery)
        && Objects.equals(recoveryPeriodInDays, r.recoveryPeriodInDays)
        && Objects.equals(earliestRestorableTime, r.earliestRestorableTime)
        && Objects.equals(latestRestorableTime, r.latestRestorableTime)
        && Objects.equals(checkedTime, r.checkedTime)
        && Objects.equals(newestBackupTime, r.newestBackupTime)
        && Objects.equals(retainedBytes, r.retainedBytes)
        && Objects.equals(retained, r.retained)
        && Objects.equals(recoveryPointAgeSeconds, r.recoveryPointAgeSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        pointInTimeRecovery,
        recoveryPeriodInDays,
        earliestRestorableTime,
        latestRestorableTime,
        checkedTime,
        newestBackupTime,
        retainedBytes,
        retained,
        recoveryPointAgeSeconds);
  }
}
