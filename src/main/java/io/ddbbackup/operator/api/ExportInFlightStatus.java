package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** The export recorded for a window before its call, until it completes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportInFlightStatus {

  @JsonPropertyDescription("FULL or INCREMENTAL.")
  private String kind;

  @JsonPropertyDescription(
      "The start of an incremental window (ExportFromTime), RFC 3339; absent for a full export.")
  @JsonSerialize(using = Rfc3339.class)
  private String from;

  @JsonPropertyDescription(
      "The end of an incremental window (ExportToTime), or a full export's ExportTime, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String to;

  @JsonPropertyDescription(
      "1, then one more after each export of this window that DynamoDB failed; its client token is derived from the schedule's uid, the window and the attempt.")
  private Integer attempt;

  @JsonPropertyDescription("When this attempt was recorded, before its call, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String recordedAt;

  @JsonPropertyDescription(
      "The export's ARN once DynamoDB answered; absent while the call's outcome is unknown.")
  private String exportArn;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public String getRecordedAt() {
    return recordedAt;
  }

  public void setRecordedAt(String recordedAt) {
    this.recordedAt = recordedAt;
  }

  public String getExportArn() {
    return exportArn;
  }

  public void setExportArn(String exportArn) {
    this.exportArn = exportArn;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportInFlightStatus other
        && Objects.equals(kind, other.kind)
        && Objects.equals(from, other.from)
        && Objects.equals(to, other.to)
        && Objects.equals(attempt, other.attempt)
        && Objects.equals(recordedAt, other.recordedAt)
        && Objects.equals(exportArn, other.exportArn);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, from, to, attempt, recordedAt, exportArn);
  }
}
