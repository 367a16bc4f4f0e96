package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** The restore drill under way. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillStatus {

  @JsonPropertyDescription("Restoring, Checking or Cleaning (deleting the scratch table).")
  private String phase;

  @JsonPropertyDescription("The backup being verified.")
  private String backupName;

  @JsonPropertyDescription("Its ARN.")
  private String backupArn;

  @JsonPropertyDescription(
      "The scratch table it is restored into, tagged ddbbackup.io/drill-of with this schedule's"
          + " uid; the operator deletes it when the drill ends, or after a crash.")
  private String scratchTable;

  @JsonPropertyDescription("When the restore call was made, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String startTime;

  @JsonPropertyDescription("How long the restore took, once the scratch table was ACTIVE.")
  private Long restoreSeconds;

  @JsonPropertyDescription("The drill's result once known: Passed or Failed.")
  private String result;

  @JsonPropertyDescription("What the checks found (the failed check, e.g. the missing key).")
  private String message;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
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

  public String getScratchTable() {
    return scratchTable;
  }

  public void setScratchTable(String scratchTable) {
    this.scratchTable = scratchTable;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof DrillStatus d
        && Objects.equals(phase, d.phase)
        && Objects.equals(backupName, d.backupName)
        && Objects.equals(backupArn, d.backupArn)
        && Objects.equals(scratchTable, d.scratchTable)
        && Objects.equals(startTime, d.startTime)
        && Objects.equals(restoreSeconds, d.restoreSeconds)
        && Objects.equals(result, d.result)
        && Objects.equals(message, d.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase, backupName, backupArn, scratchTable, startTime, restoreSeconds, result, message);
  }
}
