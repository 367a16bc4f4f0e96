package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to back up, when, and what to keep. The operator never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.region) || !self.tableName.startsWith('arn:')"
            + " || self.tableName.matches('^arn:[a-z-]+:dynamodb:' + self.region + ':')",
    message = "spec.region must match the region in the table ARN of spec.tableName",
    fieldPath = ".region")
// Transition rules (updates only): a new table or prefix would orphan every backup taken so far,
// which no schedule would then ever prune. has() on both sides: setting or removing an optional
// prefix changes the effective prefix (default <namespace>-<name>) just as much.
@ValidationRule(
    value = "self.tableName == oldSelf.tableName",
    message =
        "spec.tableName cannot be changed: the backups taken so far belong to the old table and"
            + " would never be pruned. Create a new schedule for the new table (and delete this"
            + " one; deletionPolicy Retain keeps its backups)",
    fieldPath = ".tableName",
    reason = "FieldValueForbidden")
@ValidationRule(
    value =
        "has(self.backupNamePrefix) == has(oldSelf.backupNamePrefix)"
            + " && (!has(self.backupNamePrefix) || self.backupNamePrefix == oldSelf.backupNamePrefix)",
    message =
        "spec.backupNamePrefix cannot be set, changed or removed on an existing schedule: the"
            + " backups taken under the old prefix would never be pruned. Create a new schedule"
            + " instead (and delete this one; deletionPolicy Retain keeps its backups)",
    fieldPath = ".backupNamePrefix",
    reason = "FieldValueForbidden")
public class DynamoDBBackupScheduleSpec {

  /** A table name (3-255 of [a-zA-Z0-9_.-]) or a DynamoDB table ARN. */
  public static final String TABLE_PATTERN =
      "^([a-zA-Z0-9_.-]{3,255}"
          + "|arn:aws[a-z-]*:dynamodb:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255})$";

  public static final String REGION_PATTERN = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";

  public static final String ROLE_ARN_PATTERN =
      "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]{1,512}$";

  public static final String PREFIX_PATTERN = "^[a-zA-Z0-9_.-]+$";

  @JsonPropertyDescription(
      "The table to back up: its name (3-255 characters of a-z A-Z 0-9 _ . -) or its ARN"
          + " (arn:aws:dynamodb:<region>:<account>:table/<name>).")
  @Required
  @Size(min = 3, max = 1024)
  @Pattern(TABLE_PATTERN)
  private String tableName;

  @JsonPropertyDescription(
      "AWS region of the table, e.g. eu-west-1. Default: the region in a table ARN, else the"
          + " operator's own region.")
  @Size(max = 32)
  @Pattern(REGION_PATTERN)
  private String region;

  @JsonPropertyDescription(
      "IAM role to assume (STS AssumeRole) on top of the operator's own identity, for tables in"
          + " another account.")
  @Size(max = 2048)
  @Pattern(ROLE_ARN_PATTERN)
  private String roleArn;

  @JsonPropertyDescription(
      "When to back up: a 5-field cron expression (minute hour day-of-month month day-of-week) or"
          + " one of @hourly @daily @midnight @weekly @monthly @yearly @annually, evaluated in"
          + " spec.timeZone.")
  @Required
  @Size(min = 1, max = 256)
  private String schedule;

  @JsonPropertyDescription(
      "IANA time zone the schedule and the daily/weekly/monthly retention buckets are evaluated"
          + " in, e.g. Europe/Berlin. Default UTC. Daylight saving follows classic cron.")
  @Size(max = 64)
  private String timeZone;

  @JsonPropertyDescription(
      "While true no scheduled backups are taken (backup-now still works). Slots missed while"
          + " suspended collapse into one backup on resume, within startingDeadlineSeconds.")
  @Default("false")
  private Boolean suspend;

  @JsonPropertyDescription("Take one backup as soon as the schedule is first seen.")
  private Boolean immediate;

  @JsonPropertyDescription(
      "A slot noticed later than this many seconds after its time is skipped (with an Event)"
          + " instead of backed up. Default: no deadline.")
  @Min(1)
  @Max(31622400)
  private Long startingDeadlineSeconds;

  @JsonPropertyDescription(
      "Backups are named <prefix>-<slot in UTC as yyyyMMddTHHmmssZ>. Only backups named exactly"
          + " so are ever pruned. Default: <namespace>_<name> (no two schedules share it; a"
          + " schedule that backed up under the earlier default <namespace>-<name> keeps that,"
          + " see status.backupNamePrefix).")
  @Size(min = 1, max = 238)
  @Pattern(PREFIX_PATTERN)
  private String backupNamePrefix;

  @JsonPropertyDescription(
      "Which backups to keep; a backup is kept if any rule keeps it. No rule keeps all.")
  private RetentionSpec retention;

  @JsonPropertyDescription(
      "What happens to this schedule's backups when it is deleted: Retain (default) keeps them,"
          + " Delete deletes every backup the schedule owns.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(
      "Restore drills: on a cron of their own, restore the newest backup into a scratch table,"
          + " check it and time it (docs/restore.md#restore-drills). Absent: no drills.")
  private VerifySpec verify;

  @JsonPropertyDescription(
      "The table's point-in-time recovery, managed: turned on or off as said here, checked on a"
          + " bounded period, drift reported (and undone unless enforce: false). Absent: not"
          + " managed, and no calls about it (docs/restore.md#point-in-time-recovery).")
  private PointInTimeRecoverySpec pointInTimeRecovery;

  @JsonPropertyDescription(
      "Off-site copies: full and incremental exports to S3 on a cron of their own, each window"
          + " exported once and the chain kept gap-free (docs/export.md). Needs point-in-time"
          + " recovery on. Absent: no exports.")
  private ExportSpec export;

  public ExportSpec getExport() {
    return export;
  }

  public void setExport(ExportSpec export) {
    this.export = export;
  }

  public PointInTimeRecoverySpec getPointInTimeRecovery() {
    return pointInTimeRecovery;
  }

  public void setPointInTimeRecovery(PointInTimeRecoverySpec pointInTimeRecovery) {
    this.pointInTimeRecovery = pointInTimeRecovery;
  }

  public VerifySpec getVerify() {
    return verify;
  }

  public void setVerify(VerifySpec verify) {
    this.verify = verify;
  }

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
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

  public String getBackupNamePrefix() {
    return backupNamePrefix;
  }

  public void setBackupNamePrefix(String backupNamePrefix) {
    this.backupNamePrefix = backupNamePrefix;
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
}
