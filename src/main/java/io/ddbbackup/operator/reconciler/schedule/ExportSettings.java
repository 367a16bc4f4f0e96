package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.ExportSpec;
import io.ddbbackup.operator.export.ExportCadence;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.schedule.ScheduleParse;
import io.ddbbackup.operator.text.UserText;
import java.util.List;

/**
 * spec.export once checked.
 *
 * @param cadence when the full and incremental exports are due
 * @param destination the bucket, prefix, encryption and format
 * @param requireObjectLock the bucket must lock every export on arrival (Object Lock with a default
 *     retention): else the Exported condition fails ({@link OffsiteExport})
 */
public record ExportSettings(
    ExportCadence cadence, ExportDestination destination, boolean requireObjectLock) {

  private static final String FIELD = "spec.export";

  /**
   * The exports of {@code spec}, or null when absent; problems name their field and the fix.
   *
   * @param defaultPrefix the prefix when spec.export.s3Prefix is absent: {@code <namespace>/<name>}
   */
  static ExportSettings parse(
      ExportSpec spec, String timeZone, String defaultPrefix, List<String> problems) {
    if (spec == null) {
      return null;
    }
    int before = problems.size();
    checkBucket(spec, problems);
    String prefix = spec.getS3Prefix() == null ? defaultPrefix : spec.getS3Prefix();
    if (prefix.isEmpty() || !prefix.matches(ExportSpec.PREFIX_PATTERN)) {
      problems.add(
          FIELD
              + ".s3Prefix "
              + UserText.quoted(prefix)
              + " must not be empty nor start or end with a slash: write it as backups/orders");
    }
    ExportDestination.Sse sse = sse(spec, problems);
    ExportDestination.Format format =
        spec.getFormat() == null
            ? ExportDestination.Format.DYNAMODB_JSON
            : ExportDestination.Format.valueOf(spec.getFormat().name());
    CronSchedule full = full(spec, timeZone, problems);
    ExportCadence.PeriodParse period = ExportCadence.parsePeriod(spec.getIncrementalPeriod());
    if (period.error() != null) {
      problems.add(period.error());
    }
    if (problems.size() > before) {
      return null;
    }
    String key = sse == ExportDestination.Sse.KMS ? spec.getKmsKeyId() : null;
    return new ExportSettings(
        new ExportCadence(full, period.period()),
        new ExportDestination(
            spec.getS3Bucket(), spec.getS3BucketOwner(), prefix, sse, key, format),
        Boolean.TRUE.equals(spec.getRequireObjectLock()));
  }

  /** s3Bucket (required, a bucket name) and s3BucketOwner (an account id, when given). */
  private static void checkBucket(ExportSpec spec, List<String> problems) {
    String bucket = spec.getS3Bucket();
    if (bucket == null || bucket.isBlank()) {
      problems.add(FIELD + ".s3Bucket is required: name the S3 bucket the exports go to");
    } else if (!bucket.matches(ExportSpec.BUCKET_PATTERN)) {
      problems.add(
          FIELD
              + ".s3Bucket "
              + UserText.quoted(bucket)
              + " is not an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens");
    }
    String owner = spec.getS3BucketOwner();
    if (owner != null && !owner.matches(ExportSpec.ACCOUNT_PATTERN)) {
      problems.add(
          FIELD
              + ".s3BucketOwner "
              + UserText.quoted(owner)
              + " is not an AWS account id: write the 12 digits of the bucket owner's account");
    }
  }

  /** The encryption (AES256 unless said), with a KMS key exactly when it is KMS. */
  private static ExportDestination.Sse sse(ExportSpec spec, List<String> problems) {
    ExportDestination.Sse sse =
        spec.getSse() == null
            ? ExportDestination.Sse.AES256
            : ExportDestination.Sse.valueOf(spec.getSse().name());
    String key = spec.getKmsKeyId();
    if (sse == ExportDestination.Sse.KMS && (key == null || key.isBlank())) {
      problems.add(
          FIELD + ".kmsKeyId is required with sse KMS: give the KMS key's ARN, ID or alias");
    }
    if (sse != ExportDestination.Sse.KMS && key != null) {
      problems.add(FIELD + ".kmsKeyId applies only with sse KMS: set sse: KMS or remove kmsKeyId");
    }
    return sse;
  }

  /** The full exports' cron, in the schedule's time zone; null when it is missing or wrong. */
  private static CronSchedule full(ExportSpec spec, String timeZone, List<String> problems) {
    if (spec.getFull() == null || spec.getFull().isBlank()) {
      problems.add(
          FIELD + ".full is required: a cron for the full exports, e.g. @daily or 0 2 * * *");
      return null;
    }
    ScheduleParse parsed = CronSchedule.parse(spec.getFull(), timeZone);
    parsed
        .errorMessage()
        .map(m -> m.replace("spec.schedule", FIELD + ".full"))
        .filter(m -> !problems.contains(m)) // a bad spec.timeZone is told once
        .ifPresent(problems::add);
    return parsed.validSchedule().orElse(null);
  }
}
