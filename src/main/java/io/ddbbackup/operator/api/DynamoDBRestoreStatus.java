package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator did for a restore. Written only through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynamoDBRestoreStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Pending (resolving the source, or waiting: see the Ready condition), Restoring, Replaying (a restore from exports: the incremental exports are replayed into the imported table), Completed or Failed (see the Ready condition; create a new resource to try again).")
  private String phase;

  @JsonPropertyDescription(
      "The source in a few words, for kubectl get: a backup name, or a table and a point in time.")
  private String source;

  @JsonPropertyDescription("The backup restored, once resolved; never changes afterwards.")
  private String sourceBackupArn;

  @JsonPropertyDescription("Its name.")
  private String sourceBackupName;

  @JsonPropertyDescription(
      "The table the backup was taken of, or the table restored to a point in time.")
  private String sourceTableArn;

  @JsonPropertyDescription(
      "For a point-in-time restore: the point restored to, RFC 3339, as DynamoDB reports it; for a restore from exports, the end of the last export applied (which may be earlier than asked).")
  @JsonSerialize(using = Rfc3339.class)
  private String restoredTo;

  @JsonPropertyDescription("The ARN of the table this resource restored.")
  private String restoredTableArn;

  @JsonPropertyDescription("When the restore call was made, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String startTime;

  @JsonPropertyDescription("When the restored table was seen ACTIVE, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String completionTime;

  @JsonPropertyDescription(
      "Seconds from startTime to completionTime: the measured time to restore, what a recovery time objective is made of.")
  private Long durationSeconds;

  @JsonPropertyDescription(
      "The restored table's item count as DynamoDB reports it (DescribeTable; DynamoDB updates it about every six hours).")
  private Long restoredItemCount;

  @JsonPropertyDescription(
      "The restored table's size in bytes as DynamoDB reports it (updated about every six hours).")
  private Long restoredTableSizeBytes;

  @JsonPropertyDescription(
      "Failed attempts since the last step that went well; retries back off with it.")
  private Integer consecutiveFailures;

  @JsonPropertyDescription(
      "For a restore from the export chain: the chain chosen, the import of its base and the"
          + " replay of its incremental exports.")
  private ExportRestoreStatus export;

  @JsonPropertyDescription(
      "Standard conditions (metav1.Condition), one per type. Ready is True while the restore"
          + " goes well and once it completed; its reason says what happened otherwise.")
  @SchemaFrom(type = ConditionSchema.Restore[].class)
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getSourceBackupArn() {
    return sourceBackupArn;
  }

  public void setSourceBackupArn(String sourceBackupArn) {
    this.sourceBackupArn = sourceBackupArn;
  }

  public String getSourceBackupName() {
    return sourceBackupName;
  }

  public void setSourceBackupName(String sourceBackupName) {
    this.sourceBackupName = sourceBackupName;
  }

  public String getSourceTableArn() {
    return sourceTableArn;
  }

  public void setSourceTableArn(String sourceTableArn) {
    this.sourceTableArn = sourceTableArn;
  }

  public String getRestoredTo() {
    return restoredTo;
  }

  public void setRestoredTo(String restoredTo) {
    this.restoredTo = restoredTo;
  }

  public String getRestoredTableArn() {
    return restoredTableArn;
  }

  public void setRestoredTableArn(String restoredTableArn) {
    this.restoredTableArn = restoredTableArn;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public Long getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Long durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public Long getRestoredItemCount() {
    return restoredItemCount;
  }

  public void setRestoredItemCount(Long restoredItemCount) {
    this.restoredItemCount = restoredItemCount;
  }

  public Long getRestoredTableSizeBytes() {
    return restoredTableSizeBytes;
  }

  public void setRestoredTableSizeBytes(Long restoredTableSizeBytes) {
    this.restoredTableSizeBytes = restoredTableSizeBytes;
  }

  public Integer getConsecutiveFailures() {
    return consecutiveFailures;
  }

  public void setConsecutiveFailures(Integer consecutiveFailures) {
    this.consecutiveFailures = consecutiveFailures;
  }

  public ExportRestoreStatus getExport() {
    return export;
  }

  public void setExport(ExportRestoreStatus export) {
    this.export = export;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DynamoDBRestoreStatus that)) {
      return false;
    }
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(phase, that.phase)
        && Objects.equals(source, that.source)
        && Objects.equals(sourceBackupArn, that.sourceBackupArn)
        && Objects.equals(sourceBackupName, that.sourceBackupName)
        && Objects.equals(sourceTableArn, that.sourceTableArn)
        && Objects.equals(restoredTo, that.restoredTo)
        && Objects.equals(restoredTableArn, that.restoredTableArn)
        && Objects.equals(startTime, that.startTime)
        && Objects.equals(completionTime, that.completionTime)
        && Objects.equals(durationSeconds, that.durationSeconds)
        && Objects.equals(restoredItemCount, that.restoredItemCount)
        && Objects.equals(restoredTableSizeBytes, that.restoredTableSizeBytes)
        && Objects.equals(consecutiveFailures, that.consecutiveFailures)
        && Objects.equals(export, that.export)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        phase,
        source,
        sourceBackupArn,
        sourceBackupName,
        sourceTableArn,
        restoredTo,
        restoredTableArn,
        startTime,
        completionTime,
        durationSeconds,
        restoredItemCount,
        restoredTableSizeBytes,
        consecutiveFailures,
        export,
        conditions);
  }
}
