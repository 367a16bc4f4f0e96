package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** What the schedule's restore drills (spec.verify) did and are doing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationStatus {

  @JsonPropertyDescription("The restore drill under way, if any.")
  private DrillStatus drill;

  @JsonPropertyDescription(
      "The drills of the export chain (spec.verify.source export or both): the one under way and"
          + " the last result.")
  private ExportDrillStatus export;

  public ExportDrillStatus getExport() {
    return export;
  }

  public void setExport(ExportDrillStatus export) {
    this.export = export;
  }

  @JsonPropertyDescription("The drill slot last acted on (spec.verify.schedule), RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastDrillTime;

  @JsonPropertyDescription("The next drill slot, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String nextDrillTime;

  @JsonPropertyDescription("The backup the last drill verified or skipped.")
  private String lastVerifiedBackupName;

  @JsonPropertyDescription("When the last drill ended, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastVerifiedTime;

  @JsonPropertyDescription("Passed, Failed or Skipped.")
  private String lastVerifyResult;

  @JsonPropertyDescription("What the last drill found: the failed check, or why it was skipped.")
  private String lastVerifyMessage;

  @JsonPropertyDescription(
      "The measured time to restore of the last drill: from the restore call to the scratch table ACTIVE.")
  private Long lastRestoreSeconds;

  @JsonPropertyDescription("The newest backup a drill verified; retention never prunes it.")
  private String lastPassedBackupName;

  @JsonPropertyDescription("When a drill last passed, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastPassedTime;

  @JsonPropertyDescription(
      "The last value of the ddbbackup.io/drill-now annotation acted on (a drill started, or the"
          + " request refused with an Event); a new value starts one drill now.")
  private String lastDrillTrigger;

  public String getLastDrillTrigger() {
    return lastDrillTrigger;
  }

  public void setLastDrillTrigger(String lastDrillTrigger) {
    this.lastDrillTrigger = lastDrillTrigger;
  }

  public DrillStatus getDrill() {
    return drill;
  }

  public void setDrill(DrillStatus drill) {
    this.drill = drill;
  }

  public String getLastDrillTime() {
    return lastDrillTime;
  }

  public void setLastDrillTime(String lastDrillTime) {
    this.lastDrillTime = lastDrillTime;
  }

  public String getNextDrillTime() {
    return nextDrillTime;
  }

  public void setNextDrillTime(String nextDrillTime) {
    this.nextDrillTime = nextDrillTime;
  }

  public String getLastVerifiedBackupName() {
    return lastVerifiedBackupName;
  }

  public void setLastVerifiedBackupName(String lastVerifiedBackupName) {
    this.lastVerifiedBackupName = lastVerifiedBackupName;
  }

  public String getLastVerifiedTime() {
    return lastVerifiedTime;
  }

  public void setLastVerifiedTime(String lastVerifiedTime) {
    this.lastVerifiedTime = lastVerifiedTime;
  }

  public String getLastVerifyResult() {
    return lastVerifyResult;
  }

  public void setLastVerifyResult(String lastVerifyResult) {
    this.lastVerifyResult = lastVerifyResult;
  }

  public String getLastVerifyMessage() {
    return lastVerifyMessage;
  }

  public void setLastVerifyMessage(String lastVerifyMessage) {
    this.lastVerifyMessage = lastVerifyMessage;
  }

  public Long getLastRestoreSeconds() {
    return lastRestoreSeconds;
  }

  public void setLastRestoreSeconds(Long lastRestoreSeconds) {
    this.lastRestoreSeconds = lastRestoreSeconds;
  }

  public String getLastPassedBackupName() {
    return lastPassedBackupName;
  }

  public void setLastPassedBackupName(String lastPassedBackupName) {
    this.lastPassedBackupName = lastPassedBackupName;
  }

  public String getLastPassedTime() {
    return lastPassedTime;
  }

  public void setLastPassedTime(String lastPassedTime) {
    this.lastPassedTime = lastPassedTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerificationStatus v
        && Objects.equals(drill, v.drill)
        && Objects.equals(export, v.export)
        && Objects.equals(lastDrillTime, v.lastDrillTime)
        && Objects.equals(nextDrillTime, v.nextDrillTime)
        && Objects.equals(lastVerifiedBackupName, v.lastVerifiedBackupName)
        && Objects.equals(lastVerifiedTime, v.lastVerifiedTime)
        && Objects.equals(lastVerifyResult, v.lastVerifyResult)
        && Objects.equals(lastVerifyMessage, v.lastVerifyMessage)
        && Objects.equals(lastRestoreSeconds, v.lastRestoreSeconds)
        && Objects.equals(lastPassedBackupName, v.lastPassedBackupName)
        && Objects.equals(lastPassedTime, v.lastPassedTime)
        && Objects.equals(lastDrillTrigger, v.lastDrillTrigger);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        drill,
        export,
        lastDrillTime,
        nextDrillTime,
        lastVerifiedBackupName,
        lastVerifiedTime,
        lastVerifyResult,
        lastVerifyMessage,
        lastRestoreSeconds,
        lastPassedBackupName,
        lastPassedTime,
        lastDrillTrigger);
  }
}
