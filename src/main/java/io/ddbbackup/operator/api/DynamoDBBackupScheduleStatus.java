package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed and did. Written only through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynamoDBBackupScheduleStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("The cron slot last acted on (backed up or skipped), RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastScheduleTime;

  @JsonPropertyDescription("The next cron slot, RFC 3339; empty while suspended.")
  @JsonSerialize(using = Rfc3339.class)
  private String nextScheduleTime;

  @JsonPropertyDescription(
      "The prefix this schedule names its backups with and owns them by: spec.backupNamePrefix,"
          + " else the default in use (<namespace>_<name>, or <namespace>-<name> for a schedule"
          + " that backed up under that earlier default).")
  private String backupNamePrefix;

  @JsonPropertyDescription("Name of the newest backup this schedule requested.")
  private String lastBackupName;

  @JsonPropertyDescription("ARN of that backup; empty while its CreateBackup is in flight.")
  private String lastBackupArn;

  @JsonPropertyDescription("CREATING, AVAILABLE, DELETED or FAILED.")
  private String lastBackupStatus;

  @JsonPropertyDescription("When the newest backup of this schedule became AVAILABLE, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastSuccessfulTime;

  @JsonPropertyDescription("How many backups this schedule owns now.")
  private Integer backupCount;

  @JsonPropertyDescription("Backups created by this schedule since it was created.")
  private Long createdCount;

  @JsonPropertyDescription("Backups deleted by retention since the schedule was created.")
  private Long prunedCount;

  @JsonPropertyDescription(
      "Slots that passed without a backup of their own (collapsed or past the deadline).")
  private Long missedCount;

  @JsonPropertyDescription(
      "Failed backup attempts since the last success; a failed table check of a new spec counts"
          + " as one.")
  private Integer consecutiveFailures;

  @JsonPropertyDescription(
      "The metadata.generation whose table, region and role were checked with one DescribeTable"
          + " when the spec was applied or changed.")
  private Long checkedGeneration;

  @JsonPropertyDescription("The last ddbbackup.io/backup-now value acted on.")
  private String lastManualTrigger;

  @JsonPropertyDescription(
      "Restore drills (spec.verify): the one under way, and what the last one found.")
  private VerificationStatus verification;

  @JsonPropertyDescription(
      "The recovery posture: the point-in-time recovery window (when managed), the newest"
          + " backup, the bytes the owned backups hold, and the age of the newest recovery point.")
  private RecoveryStatus recovery;

  @JsonPropertyDescription(
      "Off-site exports (spec.export): the chain's base, the time it is gap-free through, the"
          + " export in flight and the gaps found (docs/export.md).")
  private ExportStatus export;

  public ExportStatus getExport() {
    return export;
  }

  public void setExport(ExportStatus export) {
    this.export = export;
  }

  public RecoveryStatus getRecovery() {
    return recovery;
  }

  public void setRecovery(RecoveryStatus recovery) {
    this.recovery = recovery;
  }

  @JsonPropertyDescription(
      "Standard conditions (metav1.Condition), one per type. Ready is True when the spec is valid"
          + " and the last action succeeded; its reason says why not otherwise.")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public String getLastBackupName() {
    return lastBackupName;
  }

  public void setLastBackupName(String lastBackupName) {
    this.lastBackupName = lastBackupName;
  }

  public String getLastBackupArn() {
    return lastBackupArn;
  }

  public void setLastBackupArn(String lastBackupArn) {
    this.lastBackupArn = lastBackupArn;
  }

  public String getLastBackupStatus() {
    return lastBackupStatus;
  }

  public void setLastBackupStatus(String lastBackupStatus) {
    this.lastBackupStatus = lastBackupStatus;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public Integer getBackupCount() {
    return backupCount;
  }

  public void setBackupCount(Integer backupCount) {
    this.backupCount = backupCount;
  }

  public Long getCreatedCount() {
    return createdCount;
  }

  public void setCreatedCount(Long createdCount) {
    this.createdCount = createdCount;
  }

  public Long getPrunedCount() {
    return prunedCount;
  }

  public void setPrunedCount(Long prunedCount) {
    this.prunedCount = prunedCount;
  }

  public Long getMissedCount() {
    return missedCount;
  }

  public void setMissedCount(Long missedCount) {
    this.missedCount = missedCount;
  }

  public Integer getConsecutiveFailures() {
    return consecutiveFailures;
  }

  public void setConsecutiveFailures(Integer consecutiveFailures) {
    this.consecutiveFailures = consecutiveFailures;
  }

  public String getBackupNamePrefix() {
    return backupNamePrefix;
  }

  public void setBackupNamePrefix(String backupNamePrefix) {
    this.backupNamePrefix = backupNamePrefix;
  }

  public Long getCheckedGeneration() {
    return checkedGeneration;
  }

  public void setCheckedGeneration(Long checkedGeneration) {
    this.checkedGeneration = checkedGeneration;
  }

  public String getLastManualTrigger() {
    return lastManualTrigger;
  }

  public void setLastManualTrigger(String lastManualTrigger) {
    this.lastManualTrigger = lastManualTrigger;
  }

  public VerificationStatus getVerification() {
    return verification;
  }

  public void setVerification(VerificationStatus verification) {
    this.verification = verification;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DynamoDBBackupScheduleStatus that)) {
      return false;
    }
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(lastScheduleTime, that.lastScheduleTime)
        && Objects.equals(nextScheduleTime, that.nextScheduleTime)
        && Objects.equals(lastBackupName, that.lastBackupName)
        && Objects.equals(lastBackupArn, that.lastBackupArn)
        && Objects.equals(lastBackupStatus, that.lastBackupStatus)
        && Objects.equals(lastSuccessfulTime, that.lastSuccessfulTime)
        && Objects.equals(backupCount, that.backupCount)
        && Objects.equals(createdCount, that.createdCount)
        && Objects.equals(prunedCount, that.prunedCount)
        && Objects.equals(missedCount, that.missedCount)
        && Objects.equals(consecutiveFailures, that.consecutiveFailures)
        && Objects.equals(checkedGeneration, that.checkedGeneration)
        && Objects.equals(lastManualTrigger, that.lastManualTrigger)
        && Objects.equals(verification, that.verification)
        && Objects.equals(recovery, that.recovery)
        && Objects.equals(export, that.export)
        && Objects.equals(backupNamePrefix, that.backupNamePrefix)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        lastScheduleTime,
        nextScheduleTime,
        lastBackupName,
        lastBackupArn,
        lastBackupStatus,
        lastSuccessfulTime,
        backupCount,
        createdCount,
        prunedCount,
        missedCount,
        consecutiveFailures,
        checkedGeneration,
        lastManualTrigger,
        verification,
        recovery,
        export,
        backupNamePrefix,
        conditions);
  }
}
