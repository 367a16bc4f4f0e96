package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Off-site copies of the table: a full export to S3 on a cron of its own (the chain's base) and,
 * optionally, incremental exports of a fixed period between them (docs/export.md).
 *
 * <p>Its rules' messages name fields from {@code export.} on: the class is a schedule's {@code
 * spec.export} and a policy's {@code spec.template.export}, and the API server puts the full path
 * before the message.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.sse) || self.sse != 'KMS' || has(self.kmsKeyId)",
    message = "export.kmsKeyId is required with sse KMS: give the KMS key's ARN, ID or alias",
    fieldPath = ".kmsKeyId")
@ValidationRule(
    value = "!has(self.kmsKeyId) || (has(self.sse) && self.sse == 'KMS')",
    message = "export.kmsKeyId applies only with sse KMS: set sse: KMS or remove kmsKeyId",
    fieldPath = ".kmsKeyId")
public class ExportSpec {

  /** An S3 bucket name: 3-63 of lower-case letters, digits, dots and hyphens. */
  public static final String BUCKET_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /** An AWS account id. */
  public static final String ACCOUNT_PATTERN = "^[0-9]{12}$";

  /** A key prefix without a leading or trailing slash. */
  public static final String PREFIX_PATTERN = "^[^/](.*[^/])?$";

  /** An incremental period: hours and minutes, e.g. 15m, 1h, 1h30m. */
  public static final String PERIOD_PATTERN = "^([0-9]{1,3}h)?([0-9]{1,5}m)?$";

  /** Server-side encryption of the exported objects. */
  public enum Sse {
    AES256,
    KMS
  }

  /** The data files' format. */
  public enum Format {
    DYNAMODB_JSON,
    ION
  }

  @JsonPropertyDescription(
      "The S3 bucket the exports go to, ideally in another account with Object Lock"
          + " (docs/export.md).")
  @Required
  @Size(min = 3, max = 63)
  @Pattern(BUCKET_PATTERN)
  private String s3Bucket;

  @JsonPropertyDescription(
      "The 12-digit account that owns the bucket, when it is not the table's account; its bucket"
          + " policy must let the operator's identity write (docs/export.md#bucket-policy).")
  @Pattern(ACCOUNT_PATTERN)
  private String s3BucketOwner;

  @JsonPropertyDescription(
      "Key prefix of the exports, without leading or trailing slash. Default:"
          + " <namespace>/<name>. DynamoDB writes under <prefix>/AWSDynamoDB/<export id>/.")
  @Size(min = 1, max = 1024)
  @Pattern(PREFIX_PATTERN)
  private String s3Prefix;

  @JsonPropertyDescription(
      "Encryption of the exported objects: AES256 (default, SSE-S3) or KMS (with kmsKeyId).")
  @Default("AES256")
  private Sse sse;

  @JsonPropertyDescription("The KMS key for sse KMS: its ARN, ID or alias. Only with sse KMS.")
  @Size(min = 1, max = 2048)
  private String kmsKeyId;

  @JsonPropertyDescription("Format of the data files: DYNAMODB_JSON (default) or ION.")
  @Default("DYNAMODB_JSON")
  private Format format;

  @JsonPropertyDescription(
      "When to take a full export (the chain's base): a 5-field cron or @daily etc., in"
          + " spec.timeZone. Its export time is the slot itself: the table as it was then.")
  @Required
  @Size(min = 1, max = 256)
  private String full;

  @JsonPropertyDescription(
      "Incremental exports between full ones, each window this long and starting where the last"
          + " ended: 15m to 24h, as 15m, 1h or 1h30m. Absent: full exports only.")
  @Size(min = 2, max = 16)
  @Pattern(PERIOD_PATTERN)
  private String incrementalPeriod;

  @JsonPropertyDescription(
      "true: a bucket that does not lock every export on arrival (Object Lock with a default"
          + " retention, read from S3 into status.export.bucketProtections) fails the Exported"
          + " condition, naming the bucket and the fix; the exports go on. Default false.")
  @Default("false")
  private Boolean requireObjectLock;

  public String getS3Bucket() {
    return s3Bucket;
  }

  public void setS3Bucket(String s3Bucket) {
    this.s3Bucket = s3Bucket;
  }

  public String getS3BucketOwner() {
    return s3BucketOwner;
  }

  public void setS3BucketOwner(String s3BucketOwner) {
    this.s3BucketOwner = s3BucketOwner;
  }

  public String getS3Prefix() {
    return s3Prefix;
  }

  public void setS3Prefix(String s3Prefix) {
    this.s3Prefix = s3Prefix;
  }

  public Sse getSse() {
    return sse;
  }

  public void setSse(Sse sse) {
    this.sse = sse;
  }

  public String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }

  public Format getFormat() {
    return format;
  }

  public void setFormat(Format format) {
    this.format = format;
  }

  public String getFull() {
    return full;
  }

  public void setFull(String full) {
    this.full = full;
  }

  public String getIncrementalPeriod() {
    return incrementalPeriod;
  }

  public void setIncrementalPeriod(String incrementalPeriod) {
    this.incrementalPeriod = incrementalPeriod;
  }

  public Boolean getRequireObjectLock() {
    return requireObjectLock;
  }

  public void setRequireObjectLock(Boolean requireObjectLock) {
    this.requireObjectLock = requireObjectLock;
  }
}
