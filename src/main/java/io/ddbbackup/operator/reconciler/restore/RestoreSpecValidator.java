package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreSpec;
import io.ddbbackup.operator.api.ExportRestoreSource;
import io.ddbbackup.operator.api.ExportSpec;
import io.ddbbackup.operator.api.PointInTimeSource;
import io.ddbbackup.operator.api.RestoreSource;
import io.ddbbackup.operator.api.SseSpec;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.SpecFields;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.text.UserText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a restore's spec the way the API server's schema does and further (region against the
 * ARNs, times, overrides), so a spec that slipped past an older CRD ends as a readable InvalidSpec.
 */
final class RestoreSpecValidator {

  private static final String FROM_EXPORT = "spec.source.fromExport";

  /** Either settings or the problems, each naming its field. */
  record Result(RestoreSettings settings, List<String> problems) {
    boolean valid() {
      return problems.isEmpty();
    }

    String message() {
      return String.join("; ", problems);
    }
  }

  private RestoreSpecValidator() {}

  static Result validate(DynamoDBRestore resource) {
    DynamoDBRestoreSpec spec = resource.getSpec();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }
    List<String> problems = new ArrayList<>();
    String region = SpecFields.blankToNull(spec.getRegion());
    String roleArn = SpecFields.blankToNull(spec.getRoleArn());
    SpecFields.checkRegion(region, problems);
    SpecFields.checkRoleArn(roleArn, problems);
    String target = spec.getTargetTableName();
    if (target == null || !TableArn.TABLE_NAME.matcher(target).matches()) {
      problems.add(
          "spec.targetTableName %s must be a table name (3-255 characters of a-z A-Z 0-9 _ . -)"
              .formatted(target == null ? "(missing)" : UserText.quoted(target)));
    }
    RestoreSettings.Source source = source(spec.getSource(), region, problems);
    RestoreRequest.Overrides overrides = overrides(spec, problems);
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(
        new RestoreSettings(
            new TableTarget(target, region, roleArn),
            source,
            overrides,
            spec.getGlobalSecondaryIndexes(),
            spec.getLocalSecondaryIndexes(),
            spec.getDeletionPolicy() == null ? DeletionPolicy.Retain : spec.getDeletionPolicy()),
        List.of());
  }

  private static RestoreSettings.Source source(
      RestoreSource source, String region, List<String> problems) {
    if (source == null) {
      problems.add("spec.source is required");
      return null;
    }
    int named =
        (source.getBackupName() != null ? 1 : 0)
            + (source.getBackupArn() != null ? 1 : 0)
            + (source.getFromSchedule() != null ? 1 : 0)
            + (source.getPointInTime() != null ? 1 : 0)
            + (source.getFromExport() != null ? 1 : 0);
    if (named != 1) {
      problems.add(
          "spec.source must name exactly one of backupName, backupArn, fromSchedule,"
              + " pointInTime or fromExport; it names "
              + named);
      return null;
    }
    if (source.getBackupArn() != null) {
      return backupArn(source.getBackupArn(), region, problems);
    }
    if (source.getBackupName() != null) {
      return new RestoreSettings.ByBackupName(source.getBackupName());
    }
    if (source.getFromSchedule() != null) {
      return new RestoreSettings.FromSchedule(source.getFromSchedule().getName());
    }
    if (source.getFromExport() != null) {
      return fromExport(source.getFromExport(), problems);
    }
    return pointInTime(source.getPointInTime(), region, problems);
  }

  private static RestoreSettings.Source fromExport(
      ExportRestoreSource source, List<String> problems) {
    String schedule = source.getSchedule() == null ? null : source.getSchedule().getName();
    String bucket = SpecFields.blankToNull(source.getBucket());
    if ((schedule == null) == (bucket == null)) {
      problems.add(
          FROM_EXPORT
              + " needs exactly one of schedule (a schedule's spec.export) or bucket (with"
              + " prefix)");
      return null;
    }
    String owner = SpecFields.blankToNull(source.getBucketOwner());
    String prefix = SpecFields.blankToNull(source.getPrefix());
    checkBucket(schedule, bucket, owner, prefix, problems);
    Instant time = exportPoint(source.getPointInTime(), problems);
    ExportRestoreSource.Replay replay = source.getReplay();
    int parallelism =
        replay == null || replay.getParallelism() == null ? 4 : replay.getParallelism();
    if (parallelism < 1 || parallelism > 64) {
      problems.add(FROM_EXPORT + ".replay.parallelism must be from 1 to 64, it is " + parallelism);
    }
    Integer ceiling = replay == null ? null : replay.getMaxWritesPerSecond();
    if (ceiling != null && ceiling < 1) {
      problems.add(FROM_EXPORT + ".replay.maxWritesPerSecond must be at least 1, it is " + ceiling);
    }
    return new RestoreSettings.FromExport(
        schedule, bucket, owner, prefix, time, parallelism, ceiling);
  }

  /** The bucket, its owner and the prefix: named with bucket, or all the schedule's. */
  private static void checkBucket(
      String schedule, String bucket, String owner, String prefix, List<String> problems) {
    if (bucket != null && !bucket.matches(ExportSpec.BUCKET_PATTERN)) {
      problems.add(
          "%s.bucket %s is not an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens"
              .formatted(FROM_EXPORT, UserText.quoted(bucket)));
    }
    if (owner != null && !owner.matches(ExportSpec.ACCOUNT_PATTERN)) {
      problems.add(
          "%s.bucketOwner %s is not an AWS account id: write the 12 digits of the bucket's owner"
              .formatted(FROM_EXPORT, UserText.quoted(owner)));
    }
    if (bucket != null && (prefix == null || !prefix.matches(ExportSpec.PREFIX_PATTERN))) {
      problems.add(
          "%s.prefix %s must name the s3Prefix the exports were written under, without a leading or trailing slash (e.g. shop/orders)"
              .formatted(FROM_EXPORT, prefix == null ? "(missing)" : UserText.quoted(prefix)));
    }
    if (schedule != null && (owner != null || prefix != null)) {
      problems.add(
          FROM_EXPORT
              + ".bucketOwner and prefix go with bucket; with schedule they are the schedule's");
    }
  }

  /** The optional point in time of a restore from exports; null for the newest the chain has. */
  private static Instant exportPoint(String pointInTime, List<String> problems) {
    if (pointInTime == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(pointInTime).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(
          "%s.pointInTime %s is not an RFC 3339 time (e.g. 2026-03-02T03:15:00Z)"
              .formatted(FROM_EXPORT, UserText.quoted(pointInTime)));
      return null;
    }
  }

  private static RestoreSettings.Source backupArn(
      String arn, String region, List<String> problems) {
    var table = TableArn.ofBackup(arn);
    if (table.isEmpty()) {
      problems.add(
          "spec.source.backupArn %s is not a DynamoDB backup ARN".formatted(UserText.quoted(arn))
              + " (arn:aws:dynamodb:<region>:<account>:table/<table>/backup/<id>)");
      return null;
    }
    if (region != null && !region.equals(table.get().region())) {
      problems.add(
          "spec.region %s does not match the region \"%s\" of spec.source.backupArn: a backup is"
                  .formatted(UserText.quoted(region), table.get().region())
              + " restored in its own region");
    }
    return new RestoreSettings.ByBackupArn(arn);
  }

  private static RestoreSettings.Source pointInTime(
      PointInTimeSource point, String region, List<String> problems) {
    String field = "spec.source.pointInTime";
    if ((point.getTableName() == null) == (point.getFromSchedule() == null)) {
      problems.add(field + " needs exactly one of tableName or fromSchedule");
      return null;
    }
    boolean latest = Boolean.TRUE.equals(point.getUseLatestRestorableTime());
    if ((point.getRestoreTime() != null) == latest) {
      problems.add(field + " needs exactly one of restoreTime or useLatestRestorableTime: true");
      return null;
    }
    if (point.getTableName() != null) {
      SpecFields.tableName(field + ".tableName", point.getTableName(), region, problems);
    }
    Instant time = null;
    if (point.getRestoreTime() != null) {
      try {
        time = OffsetDateTime.parse(point.getRestoreTime()).toInstant();
      } catch (DateTimeParseException e) {
        problems.add(
            "%s.restoreTime %s is not an RFC 3339 time (e.g. 2026-03-02T03:15:00Z)"
                .formatted(field, UserText.quoted(point.getRestoreTime())));
      }
    }
    return new RestoreSettings.PointInTime(point.getTableName(), point.getFromSchedule(), time);
  }

  private static RestoreRequest.Overrides overrides(
      DynamoDBRestoreSpec spec, List<String> problems) {
    var throughput = spec.getProvisionedThroughput();
    if (spec.getBillingMode() == DynamoDBRestoreSpec.BillingMode.PROVISIONED
        && throughput == null) {
      problems.add("spec.billingMode PROVISIONED needs spec.provisionedThroughput");
    }
    SseSpec sse = spec.getSse();
    if (sse != null && sse.getKmsMasterKeyId() != null && sse.getSseType() != SseSpec.SseType.KMS) {
      problems.add("spec.sse.kmsMasterKeyId needs spec.sse.sseType KMS");
    }
    return new RestoreRequest.Overrides(
        spec.getBillingMode() == null ? null : spec.getBillingMode().name(),
        throughput == null ? null : throughput.getReadCapacityUnits(),
        throughput == null ? null : throughput.getWriteCapacityUnits(),
        sse == null ? null : sse.getEnabled(),
        sse == null || sse.getSseType() == null ? null : sse.getSseType().name(),
        sse == null ? null : sse.getKmsMasterKeyId(),
        null,
        null);
  }
}
