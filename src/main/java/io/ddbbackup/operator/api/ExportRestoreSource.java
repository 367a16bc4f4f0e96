package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A table's state from the chain of exports in S3 (spec.source.fromExport): a base full export
 * imported into the new table, then the incremental exports after it replayed in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.schedule) != has(self.bucket)",
    message =
        "spec.source.fromExport needs exactly one of schedule (a schedule's spec.export) or"
            + " bucket (with prefix: a chain with no schedule, e.g. in a new cluster)")
@ValidationRule(
    value = "!has(self.bucket) || has(self.prefix)",
    message =
        "spec.source.fromExport.prefix is required with bucket: the s3Prefix the exports were"
            + " written under (e.g. shop/orders)")
@ValidationRule(
    value = "!has(self.schedule) || (!has(self.bucketOwner) && !has(self.prefix))",
    message =
        "spec.source.fromExport.bucketOwner and prefix go with bucket; with schedule they come"
            + " from the schedule's spec.export")
public class ExportRestoreSource {

  static final String TIME_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

  @JsonPropertyDescription(
      "A DynamoDBBackupSchedule in this namespace whose spec.export wrote the chain (its bucket,"
          + " owner and prefix; its region and roleArn too).")
  private ScheduleSource schedule;

  @JsonPropertyDescription(
      "Instead of schedule: the S3 bucket the chain is in. Needs only the bucket: no schedule,"
          + " cluster or source table.")
  @Pattern(ExportSpec.BUCKET_PATTERN)
  private String bucket;

  @JsonPropertyDescription(
      "The 12-digit account that owns the bucket, when it is not the account the restore runs"
          + " as; every S3 call then expects that owner.")
  @Pattern(ExportSpec.ACCOUNT_PATTERN)
  private String bucketOwner;

  @JsonPropertyDescription(
      "With bucket: the s3Prefix the exports were written under (a schedule's default is"
          + " <namespace>/<name>).")
  @Size(min = 1, max = 1024)
  @Pattern(ExportSpec.PREFIX_PATTERN)
  private String prefix;

  @JsonPropertyDescription(
      "The point to restore to, RFC 3339. The newest full export at or before it is imported and"
          + " the incremental exports after it that end at or before it are replayed; the point"
          + " restored (status.restoredTo) is the end of the last one applied, which may be"
          + " earlier. Absent: the newest point the chain reaches.")
  @Pattern(TIME_PATTERN)
  private String pointInTime;

  @JsonPropertyDescription("How the incremental exports are replayed into the new table.")
  private Replay replay;

  /** The replay Jobs' shape. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Replay {

    @JsonPropertyDescription(
        "Pods per incremental export (the Job's completions and parallelism); the export's data"
            + " files are spread over them. Default 4.")
    @Min(1)
    @Max(64)
    private Integer parallelism;

    @JsonPropertyDescription(
        "A ceiling on each pod's item writes per second, to leave the table's write capacity to"
            + " others; absent, only the table's own throttling bounds the replay.")
    @Min(1)
    private Integer maxWritesPerSecond;

    public Integer getParallelism() {
      return parallelism;
    }

    public void setParallelism(Integer parallelism) {
      this.parallelism = parallelism;
    }

    public Integer getMaxWritesPerSecond() {
      return maxWritesPerSecond;
    }

    public void setMaxWritesPerSecond(Integer maxWritesPerSecond) {
      this.maxWritesPerSecond = maxWritesPerSecond;
    }
  }

  public ScheduleSource getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleSource schedule) {
    this.schedule = schedule;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getBucketOwner() {
    return bucketOwner;
  }

  public void setBucketOwner(String bucketOwner) {
    this.bucketOwner = bucketOwner;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getPointInTime() {
    return pointInTime;
  }

  public void setPointInTime(String pointInTime) {
    this.pointInTime = pointInTime;
  }

  public Replay getReplay() {
    return replay;
  }

  public void setReplay(Replay replay) {
    this.replay = replay;
  }
}
