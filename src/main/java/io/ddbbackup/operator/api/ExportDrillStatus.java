package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/**
 * What the drills of the export chain (spec.verify.source export or both) did and are doing: each
 * restores the chain into a scratch table through a DynamoDBRestore the schedule owns, checks it
 * against the chain's records, and deletes the restore with its table.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportDrillStatus {

  @JsonPropertyDescription(
      "The DynamoDBRestore of the drill under way (owned by this schedule), if any.")
  private String restoreName;

  @JsonPropertyDescription("Its scratch table.")
  private String scratchTable;

  @JsonPropertyDescription("Restoring, then Cleaning (the restore and its table being deleted).")
  private String phase;

  @JsonPropertyDescription("When the drill under way started, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String startTime;

  @JsonPropertyDescription(
      "The drill under way's time to restore: from its start to the restore Completed.")
  private Long restoreSeconds;

  @JsonPropertyDescription("The point of the chain the drill under way restored, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String restoredPoint;

  @JsonPropertyDescription("While Cleaning: the result that will be recorded.")
  private String result;

  @JsonPropertyDescription("While Cleaning: what the drill found.")
  private String message;

  @JsonPropertyDescription("The drill slot last acted on, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastDrillTime;

  @JsonPropertyDescription("When the last drill of the chain ended, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastVerifiedTime;

  @JsonPropertyDescription("Passed, Failed or Skipped.")
  private String lastVerifyResult;

  @JsonPropertyDescription("What the last drill found: the failed check, or why it was skipped.")
  private String lastVerifyMessage;

  @JsonPropertyDescription(
      "The measured time to restore from the chain of the last drill that restored.")
  private Long lastRestoreSeconds;

  @JsonPropertyDescription("The point of the chain the last drill restored and checked, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastRestoredPoint;

  @JsonPropertyDescription(
      "The last ddbbackup.io/drill-now value a drill of the chain was started for.")
  private String lastDrillTrigger;

  public String getRestoreName() {
    return restoreName;
  }

  public void setRestoreName(String restoreName) {
    this.restoreName = restoreName;
  }

  public String getScratchTable() {
    return scratchTable;
  }

  public void setScratchTable(String scratchTable) {
    this.scratchTable = scratchTable;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public Long getRestoreSeconds() {
    return restoreSeconds;
  }

  public void setRestoreSeconds(Long restoreSeconds) {
    this.restoreSeconds = restoreSeconds;
  }

  public String getRestoredPoint() {
    return restoredPoint;
  }

  public void setRestoredPoint(String restoredPoint) {
    this.restoredPoint = restoredPoint;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastDrillTime() {
    return lastDrillTime;
  }

  public void setLastDrillTime(String lastDrillTime) {
    this.lastDrillTime = lastDrillTime;
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

  public String getLastRestoredPoint() {
    return lastRestoredPoint;
  }

  public void setLastRestoredPoint(String lastRestoredPoint) {
    this.lastRestoredPoint = lastRestoredPoint;
  }

  public String getLastDrillTrigger() {
    return lastDrillTrigger;
  }

  public void setLastDrillTrigger(String lastDrillTrigger) {
    this.lastDrillTrigger = lastDrillTrigger;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportDrillStatus x
        && Objects.equals(restoreName, x.restoreName)
        && Objects.equals(scratchTable, x.scratchTable)
        && Objects.equals(phase, x.phase)
        && Objects.equals(startTime, x.startTime)
        && Objects.equals(restoreSeconds, x.restoreSeconds)
        && Objects.equals(restoredPoint, x.restoredPoint)
        && Objects.equals(result, x.result)
        && Objects.equals(message, x.message)
        && Objects.equals(lastDrillTime, x.lastDrillTime)
        && Objects.equals(lastVerifiedTime, x.lastVerifiedTime)
        && Objects.equals(lastVerifyResult, x.lastVerifyResult)
        && Objects.equals(lastVerifyMessage, x.lastVerifyMessage)
        && Objects.equals(lastRestoreSeconds, x.lastRestoreSeconds)
        && Objects.equals(lastRestoredPoint, x.lastRestoredPoint)
        && Objects.equals(lastDrillTrigger, x.lastDrillTrigger);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        restoreName,
        scratchTable,
        phase,
        startTime,
        restoreSeconds,
        restoredPoint,
        result,
        message,
        lastDrillTime,
        lastVerifiedTime,
        lastVerifyResult,
        lastVerifyMessage,
        lastRestoreSeconds,
        lastRestoredPoint,
        lastDrillTrigger);
  }
}
