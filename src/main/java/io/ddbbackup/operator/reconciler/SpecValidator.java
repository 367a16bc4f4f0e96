package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.aws.TableTarget;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.retention.RetentionPolicy;
import io.ddbbackup.operator.schedule.CronSchedule;
import io.ddbbackup.operator.schedule.ScheduleParse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a spec the way the API server's schema does and further (cron, zone, durations), so a spec
 * that slipped past an older CRD still ends as a readable InvalidSpec instead of a crash.
 */
final class SpecValidator {

  private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
  private static final Pattern TABLE_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:([a-z]{2}(?:-[a-z]+)+-[0-9]+):[0-9]{12}:table/([a-zA-Z0-9_.-]{3,255})");
  private static final Pattern REGION =
      Pattern.compile(DynamoDBBackupScheduleSpec.REGION_PATTERN.replace("^", "").replace("$", ""));
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          DynamoDBBackupScheduleSpec.ROLE_ARN_PATTERN.replace("^", "").replace("$", ""));

  /** Either settings or the problems, each naming its field. */
  record Result(ScheduleSettings settings, List<String> problems) {
    boolean valid() {
      return problems.isEmpty();
    }

    String message() {
      return String.join("; ", problems);
    }
  }

  private SpecValidator() {}

  static Result validate(DynamoDBBackupSchedule resource) {
    DynamoDBBackupScheduleSpec spec = resource.getSpec();
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }

    String tableName = null;
    String region = blankToNull(spec.getRegion());
    String table = spec.getTableName();
    if (table == null || table.isBlank()) {
      problems.add("spec.tableName is required");
    } else {
      Matcher arn = TABLE_ARN.matcher(table);
      if (arn.matches()) {
        tableName = arn.group(2);
        if (region != null && !region.equals(arn.group(1))) {
          problems.add(
              "spec.region \"%s\" does not match the region \"%s\" of the table ARN in spec.tableName"
                  .formatted(region, arn.group(1)));
        }
      } else if (TABLE_NAME.matcher(table).matches()) {
        tableName = table;
      } else {
        problems.add(
            "spec.tableName \"%s\" is neither a table name (3-255 characters of a-z A-Z 0-9 _ . -)"
                    .formatted(abbreviate(table))
                + " nor a DynamoDB table ARN");
      }
    }
    if (region != null && !REGION.matcher(region).matches()) {
      problems.add("spec.region \"%s\" is not an AWS region name".formatted(abbreviate(region)));
    }
    String roleArn = blankToNull(spec.getRoleArn());
    if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
      problems.add(
          "spec.roleArn \"%s\" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"
              .formatted(abbreviate(roleArn)));
    }

    ScheduleParse parsed = CronSchedule.parse(spec.getSchedule(), spec.getTimeZone());
    parsed.errorMessage().ifPresent(problems::add);

    BackupName names = null;
    String prefix = spec.getBackupNamePrefix();
    if (prefix == null) {
      names =
          BackupName.defaultFor(
              resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    } else if (!BackupName.ALLOWED.matcher(prefix).matches()) {
      problems.add(
          "spec.backupNamePrefix \"%s\" may only hold the characters a-z A-Z 0-9 _ . -"
              .formatted(abbreviate(prefix)));
    } else if (prefix.length() > BackupName.MAX_PREFIX_LENGTH) {
      problems.add(
          "spec.backupNamePrefix is %d characters long; at most %d fit in a DynamoDB backup name"
              .formatted(prefix.length(), BackupName.MAX_PREFIX_LENGTH));
    } else {
      names = new BackupName(prefix);
    }

    RetentionPolicy retention = retention(spec.getRetention(), problems);

    Long deadline = spec.getStartingDeadlineSeconds();
    if (deadline != null && deadline < 1) {
      problems.add("spec.startingDeadlineSeconds must be at least 1, got " + deadline);
    }

    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    DeletionPolicy policy =
        spec.getDeletionPolicy() == null ? DeletionPolicy.Retain : spec.getDeletionPolicy();
    return new Result(
        new ScheduleSettings(
            parsed.validSchedule().orElseThrow(),
            new TableTarget(table, region, roleArn),
            tableName,
            names,
            retention,
            Boolean.TRUE.equals(spec.getSuspend()),
            Boolean.TRUE.equals(spec.getImmediate()),
            deadline,
            policy),
        List.of());
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

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Keeps messages readable when someone pastes a novel into a field. */
  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
