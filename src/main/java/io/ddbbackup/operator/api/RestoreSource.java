package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a restore brings back: exactly one kind of source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.backupName) ? 1 : 0) + (has(self.backupArn) ? 1 : 0)"
            + " + (has(self.fromSchedule) ? 1 : 0) + (has(self.pointInTime) ? 1 : 0) + (has(self.fromExport) ? 1 : 0) == 1",
    message =
        "spec.source must name exactly one of backupName, backupArn, fromSchedule, pointInTime or"
            + " fromExport")
public class RestoreSource {

  /** A backup ARN: arn:aws:dynamodb:<region>:<account>:table/<table>/backup/<id>. */
  public static final String BACKUP_ARN_PATTERN =
      "^arn:aws[a-z-]*:dynamodb:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}"
          + "/backup/[0-9a-zA-Z.-]{1,100}$";

  @JsonPropertyDescription(
      "The name of a backup (3-255 characters of a-z A-Z 0-9 _ . -), looked up with ListBackups"
          + " in the region; a name that more than one backup bears is refused, listing them.")
  @Size(min = 3, max = 255)
  @Pattern("^[a-zA-Z0-9_.-]+$")
  private String backupName;

  @JsonPropertyDescription("The ARN of a backup.")
  @Size(max = 1024)
  @Pattern(BACKUP_ARN_PATTERN)
  private String backupArn;

  @JsonPropertyDescription(
      "The newest AVAILABLE backup owned by a DynamoDBBackupSchedule in this namespace.")
  private ScheduleSource fromSchedule;

  @JsonPropertyDescription(
      "A table's state at a point in time, from its point-in-time recovery (PITR) window.")
  private PointInTimeSource pointInTime;

  @JsonPropertyDescription(
      "A table's state from its chain of exports in S3 (a schedule's spec.export, or a bucket and"
          + " prefix alone): the base full export imported, the incremental exports after it"
          + " replayed in Kubernetes Jobs.")
  private ExportRestoreSource fromExport;

  public ExportRestoreSource getFromExport() {
    return fromExport;
  }

  public void setFromExport(ExportRestoreSource fromExport) {
    this.fromExport = fromExport;
  }

  public String getBackupName() {
    return backupName;
  }

  public void setBackupName(String backupName) {
    this.backupName = backupName;
  }

  public String getBackupArn() {
    return backupArn;
  }

  public void setBackupArn(String backupArn) {
    this.backupArn = backupArn;
  }

  public ScheduleSource getFromSchedule() {
    return fromSchedule;
  }

  public void setFromSchedule(ScheduleSource fromSchedule) {
    this.fromSchedule = fromSchedule;
  }

  public PointInTimeSource getPointInTime() {
    return pointInTime;
  }

  public void setPointInTime(PointInTimeSource pointInTime) {
    this.pointInTime = pointInTime;
  }
}
