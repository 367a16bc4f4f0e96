package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** The protections in force on the export bucket, as S3 reported them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportProtectionsStatus {

  @JsonPropertyDescription("The bucket they were read from.")
  private String bucket;

  @JsonPropertyDescription(
      "Versioning and Object Lock as S3 reported them (GetBucketVersioning,"
          + " GetObjectLockConfiguration), e.g. 'versioning enabled; Object Lock in COMPLIANCE"
          + " mode, 30 days by default'.")
  private String protections;

  @JsonPropertyDescription(
      "True when every export file written to the bucket is locked on arrival (Object Lock with a"
          + " default retention).")
  private Boolean locksEveryExport;

  @JsonPropertyDescription("When they were read, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String checkedTime;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getProtections() {
    return protections;
  }

  public void setProtections(String protections) {
    this.protections = protections;
  }

  public Boolean getLocksEveryExport() {
    return locksEveryExport;
  }

  public void setLocksEveryExport(Boolean locksEveryExport) {
    this.locksEveryExport = locksEveryExport;
  }

  public String getCheckedTime() {
    return checkedTime;
  }

  public void setCheckedTime(String checkedTime) {
    this.checkedTime = checkedTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportProtectionsStatus other
        && Objects.equals(bucket, other.bucket)
        && Objects.equals(protections, other.protections)
        && Objects.equals(locksEveryExport, other.locksEveryExport)
        && Objects.equals(checkedTime, other.checkedTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucket, protections, locksEveryExport, checkedTime);
  }
}
