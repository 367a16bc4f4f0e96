package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.PrefixClaim;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.SpecFields;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.retention.RetentionPolicy;
import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.schedule.ScheduleParse;
import io.ddbbackup.operator.text.UserText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a spec the way the API server's schema does and further (cron, zone, durations), so a spec
 * that slipped past an older CRD still ends as a readable InvalidSpec instead of a crash.
 */
public final class SpecValidator {

  /** Either settings or the problems, each naming its field. */
  public record Result(ScheduleSettings settings, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }

    public String message() {
      return String.join("; ", problems);
    }
  }

  private SpecValidator() {}

  public static Result validate(DynamoDBBackupSchedule resource) {
    DynamoDBBackupScheduleSpec spec = resource.getSpec();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }
    List<String> problems = new ArrayList<>();
    String region = SpecFields.blankToNull(spec.getRegion());
    String roleArn = SpecFields.blankToNull(spec.getRoleArn());
    String tableName =
        SpecFields.tableName("spec.tableName", spec.getTableName(), region, problems);
    SpecFields.checkRegion(region, problems);
    SpecFields.checkRoleArn(roleArn, problems);
    ScheduleParse parsed = CronSchedule.parse(spec.getSchedule(), spec.getTimeZone());
    parsed.errorMessage().ifPresent(problems::add);
    BackupName names = names(resource, problems);
    RetentionPolicy retention = retention(spec.getRetention(), problems);
    VerifySettings verify = VerifySettings.parse(spec, problems);
    PitrSettings pitr = PitrSettings.parse(spec.getPointInTimeRecovery(), problems);
    ExportSettings export = export(resource, problems);
    Long deadline = startingDeadline(spec, problems);
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(
        new ScheduleSettings(
            parsed.validSchedule().orElseThrow(),
            new TableTarget(spec.getTableName(), region, roleArn),
            tableName,
            names,
            retention,
            Boolean.TRUE.equals(spec.getSuspend()),
            Boolean.TRUE.equals(spec.getImmediate()),
            deadline,
            spec.getDeletionPolicy() == null ? DeletionPolicy.Retain : spec.getDeletionPolicy(),
            verify,
            pitr,
            export),
        List.of());
  }

  /** spec.export, whose prefix defaults to the schedule's namespace and name. */
  private static ExportSettings export(DynamoDBBackupSchedule resource, List<String> problems) {
    DynamoDBBackupScheduleSpec spec = resource.getSpec();
    String defaultPrefix =
        resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    return ExportSettings.parse(spec.getExport(), spec.getTimeZone(), defaultPrefix, problems);
  }

  private static Long startingDeadline(DynamoDBBackupScheduleSpec spec, List<String> problems) {
    Long deadline = spec.getStartingDeadlineSeconds();
    if (deadline != null && deadline < 1) {
      problems.add("spec.startingDeadlineSeconds must be at least 1, got " + deadline);
    }
    return deadline;
  }

  /**
   * The naming rule, the one every reader of a schedule's backups goes through (retention, the
   * finalizer, a restore from the schedule): spec.backupNamePrefix, else the default in use, which
   * the status decides for a schedule that backed up under the earlier default.
   */
  static BackupName names(DynamoDBBackupSchedule resource, List<String> problems) {
    String prefix = resource.getSpec().getBackupNamePrefix();
    if (prefix == null) {
      var status = resource.getStatus();
      return BackupName.defaultInUse(
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          status == null ? null : status.getBackupNamePrefix(),
          status == null ? null : status.getLastBackupName());
    }
    if (!BackupName.ALLOWED.matcher(prefix).matches()) {
      problems.add(
          "spec.backupNamePrefix %s may only hold the characters a-z A-Z 0-9 _ . -"
              .formatted(UserText.quoted(prefix)));
      return null;
    }
    if (prefix.length() > BackupName.MAX_PREFIX_LENGTH) {
      problems.add(
          "spec.backupNamePrefix is %d characters long; at most %d fit in a DynamoDB backup name"
              .formatted(prefix.length(), BackupName.MAX_PREFIX_LENGTH));
      return null;
    }
    return new BackupName(prefix);
  }

  /**
   * The schedule's claim on its table and prefix, read from the spec alone (no cron parsed, so it
   * is cheap for every schedule in the cache); empty when the spec names no table or a bad prefix.
   */
  static Optional<PrefixClaim> claim(DynamoDBBackupSchedule resource) {
    DynamoDBBackupScheduleSpec spec = resource.getSpec();
    if (spec == null || spec.getTableName() == null || spec.getTableName().isBlank()) {
      return Optional.empty();
    }
    BackupName names = names(resource, new ArrayList<>());
    if (names == null) {
      return Optional.empty();
    }
    var target =
        new TableTarget(
            spec.getTableName(),
            SpecFields.blankToNull(spec.getRegion()),
            SpecFields.blankToNull(spec.getRoleArn()));
    return Optional.of(claim(resource, target, names));
  }

  /** The claim of a schedule whose target and naming rule are known. */
  static PrefixClaim claim(DynamoDBBackupSchedule resource, TableTarget target, BackupName names) {
    var meta = resource.getMetadata();
    return PrefixClaim.of(
        meta.getNamespace() + "/" + meta.getName(),
        target,
        names,
        StatusTimes.parse(meta.getCreationTimestamp()));
  }

  private static RetentionPolicy retention(RetentionSpec spec, List<String> problems) {
    if (spec == null) {
      return RetentionPolicy.keepAll();
    }
    var parsed =
        RetentionPolicy.parse(
            spec.getKeepLast(),
            spec.getMaxAge(),
            spec.getKeepDaily(),
            spec.getKeepWeekly(),
            spec.getKeepMonthly());
    problems.addAll(parsed.errors());
    return parsed.policy();
  }
}
