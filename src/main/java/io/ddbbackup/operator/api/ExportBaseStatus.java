package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** The full export a chain of incremental exports builds on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportBaseStatus {

  @JsonPropertyDescription("The full export's ARN.")
  private String exportArn;

  @JsonPropertyDescription(
      "The time the full export shows the table at (its ExportTime: the cron slot), RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String exportTime;

  @JsonPropertyDescription("The items the full export holds.")
  private Long itemCount;

  @JsonPropertyDescription("The bytes DynamoDB billed for it.")
  private Long billedBytes;

  public String getExportArn() {
    return exportArn;
  }

  public void setExportArn(String exportArn) {
    this.exportArn = exportArn;
  }

  public String getExportTime() {
    return exportTime;
  }

  public void setExportTime(String exportTime) {
    this.exportTime = exportTime;
  }

  public Long getItemCount() {
    return itemCount;
  }

  public void setItemCount(Long itemCount) {
    this.itemCount = itemCount;
  }

  public Long getBilledBytes() {
    return billedBytes;
  }

  public void setBilledBytes(Long billedBytes) {
    this.billedBytes = billedBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportBaseStatus other
        && Objects.equals(exportArn, other.exportArn)
        && Objects.equals(exportTime, other.exportTime)
        && Objects.equals(itemCount, other.itemCount)
        && Objects.equals(billedBytes, other.billedBytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(exportArn, exportTime, itemCount, billedBytes);
  }
}
