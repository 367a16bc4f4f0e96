package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The spec of a policy's generated schedules: a {@link DynamoDBBackupScheduleSpec} without the
 * table (one per selected table), the region and role (the policy's) and the backup name prefix
 * (each generated schedule keeps its own default, which no two schedules share).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleTemplate {

  @JsonPropertyDescription(
      "When to back up: a 5-field cron expression or one of @hourly @daily @midnight @weekly"
          + " @monthly @yearly @annually, in timeZone (as a schedule's spec.schedule).")
  @Required
  @Size(min = 1, max = 256)
  private String schedule;

  @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Berlin. Default UTC.")
  @Size(max = 64)
  private String timeZone;

  @JsonPropertyDescription("While true the generated schedules take no scheduled backups.")
  private Boolean suspend;

  @JsonPropertyDescription("Each generated schedule takes one backup as soon as it is first seen.")
  private Boolean immediate;

  @JsonPropertyDescription(
      "A slot noticed later than this many seconds after its time is skipped. Default: none.")
  @Min(1)
  @Max(31622400)
  private Long startingDeadlineSeconds;

  @JsonPropertyDescription("Which backups each generated schedule keeps (as a schedule's).")
  private RetentionSpec retention;

  @JsonPropertyDescription(
      "What happens to a generated schedule's backups when it is deleted (the table stopped"
          + " matching, or the policy was deleted): Retain (default) keeps them, Delete deletes"
          + " them.")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription("Restore drills of each generated schedule (as a schedule's).")
  private VerifySpec verify;

  @JsonPropertyDescription(
      "Point-in-time recovery of each selected table, managed as a schedule's.")
  private PointInTimeRecoverySpec pointInTimeRecovery;

  @JsonPropertyDescription(
      "Off-site exports of each selected table (as a schedule's spec.export; the default prefix"
          + " is each generated schedule's <namespace>/<name>).")
  private ExportSpec export;

  public ExportSpec getExport() {
    return export;
  }

  public void setExport(ExportSpec export) {
    this.export = export;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Boolean getImmediate() {
    return immediate;
  }

  public void setImmediate(Boolean immediate) {
    this.immediate = immediate;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }

  public RetentionSpec getRetention() {
    return retention;
  }

  public void setRetention(RetentionSpec retention) {
    this.retention = retention;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public VerifySpec getVerify() {
    return verify;
  }

  public void setVerify(VerifySpec verify) {
    this.verify = verify;
  }

  public PointInTimeRecoverySpec getPointInTimeRecovery() {
    return pointInTimeRecovery;
  }

  public void setPointInTimeRecovery(PointInTimeRecoverySpec pointInTimeRecovery) {
    this.pointInTimeRecovery = pointInTimeRecovery;
  }
}
