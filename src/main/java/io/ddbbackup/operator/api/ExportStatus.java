package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** A schedule's off-site exports: the chain of full and incremental exports in S3. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportStatus {

  @JsonPropertyDescription(
      "When the schedule first had spec.export, RFC 3339: full slots at or before it are not due.")
  @JsonSerialize(using = Rfc3339.class)
  private String since;

  @JsonPropertyDescription("The chain's base: the newest full export that completed.")
  private ExportBaseStatus base;

  @JsonPropertyDescription(
      "Every change up to this time is in the bucket (the end of the newest export of the chain that completed), RFC 3339: the off-site recovery point.")
  @JsonSerialize(using = Rfc3339.class)
  private String gapFreeThrough;

  @JsonPropertyDescription(
      "The newest full-export slot acted on (exported, or given up when it lay outside the point-in-time recovery window), RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String lastFullSlot;

  @JsonPropertyDescription("The newest export of the chain that completed (full or incremental).")
  private String lastExportArn;

  @JsonPropertyDescription(
      "The export recorded before its ExportTableToPointInTime call and not yet completed; absent when none is.")
  private ExportInFlightStatus inFlight;

  @JsonPropertyDescription(
      "Changes the chain lost because they left the point-in-time recovery window before they were exported; absent when none was ever lost.")
  private ExportGapStatus gaps;

  @JsonPropertyDescription("Exports of this schedule that completed (full and incremental).")
  private Long exportedCount;

  @JsonPropertyDescription(
      "The protections in force on the bucket (versioning, Object Lock), read from S3 when the"
          + " chain's next export is due and with each export that completes.")
  private ExportProtectionsStatus bucketProtections;

  public ExportProtectionsStatus getBucketProtections() {
    return bucketProtections;
  }

  public void setBucketProtections(ExportProtectionsStatus bucketProtections) {
    this.bucketProtections = bucketProtections;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public ExportBaseStatus getBase() {
    return base;
  }

  public void setBase(ExportBaseStatus base) {
    this.base = base;
  }

  public String getGapFreeThrough() {
    return gapFreeThrough;
  }

  public void setGapFreeThrough(String gapFreeThrough) {
    this.gapFreeThrough = gapFreeThrough;
  }

  public String getLastFullSlot() {
    return lastFullSlot;
  }

  public void setLastFullSlot(String lastFullSlot) {
    this.lastFullSlot = lastFullSlot;
  }

  public String getLastExportArn() {
    return lastExportArn;
  }

  public void setLastExportArn(String lastExportArn) {
    this.lastExportArn = lastExportArn;
  }

  public ExportInFlightStatus getInFlight() {
    return inFlight;
  }

  public void setInFlight(ExportInFlightStatus inFlight) {
    this.inFlight = inFlight;
  }

  public ExportGapStatus getGaps() {
    return gaps;
  }

  public void setGaps(ExportGapStatus gaps) {
    this.gaps = gaps;
  }

  public Long getExportedCount() {
    return exportedCount;
  }

  public void setExportedCount(Long exportedCount) {
    this.exportedCount = exportedCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportStatus other
        && Objects.equals(since, other.since)
        && Objects.equals(base, other.base)
        && Objects.equals(gapFreeThrough, other.gapFreeThrough)
        && Objects.equals(lastFullSlot, other.lastFullSlot)
        && Objects.equals(lastExportArn, other.lastExportArn)
        && Objects.equals(inFlight, other.inFlight)
        && Objects.equals(gaps, other.gaps)
        && Objects.equals(exportedCount, other.exportedCount)
        && Objects.equals(bucketProtections, other.bucketProtections);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        since,
        base,
        gapFreeThrough,
        lastFullSlot,
        lastExportArn,
        inFlight,
        gaps,
        exportedCount,
        bucketProtections);
  }
}
