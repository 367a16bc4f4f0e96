package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.text.UserText;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of the spec fields every kind shares (a table, a region, a role), each problem a message
 * naming the field, so that a spec that slipped past an older CRD still ends as a readable
 * InvalidSpec instead of a crash.
 */
public final class SpecFields {

  private static final Pattern REGION =
      Pattern.compile(DynamoDBBackupScheduleSpec.REGION_PATTERN.replace("^", "").replace("$", ""));
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          DynamoDBBackupScheduleSpec.ROLE_ARN_PATTERN.replace("^", "").replace("$", ""));

  private SpecFields() {}

  /** The table's name from {@code spec.tableName} (a name or a table ARN); null when invalid. */
  public static String tableName(String field, String table, String region, List<String> problems) {
    if (table == null || table.isBlank()) {
      problems.add(field + " is required");
      return null;
    }
    Optional<TableArn> arn = TableArn.parse(table);
    if (arn.isPresent()) {
      if (region != null && !region.equals(arn.get().region())) {
        problems.add(
            "spec.region %s does not match the region \"%s\" of the table ARN in %s"
                .formatted(UserText.quoted(region), arn.get().region(), field));
      }
      return arn.get().tableName();
    }
    if (TableArn.TABLE_NAME.matcher(table).matches()) {
      return table;
    }
    problems.add(
        "%s %s is neither a table name (3-255 characters of a-z A-Z 0-9 _ . -)"
                .formatted(field, UserText.quoted(table))
            + " nor a DynamoDB table ARN");
    return null;
  }

  public static void checkRegion(String region, List<String> problems) {
    if (region != null && !REGION.matcher(region).matches()) {
      problems.add("spec.region %s is not an AWS region name".formatted(UserText.quoted(region)));
    }
  }

  public static void checkRoleArn(String roleArn, List<String> problems) {
    if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
      problems.add(
          "spec.roleArn %s is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"
              .formatted(UserText.quoted(roleArn)));
    }
  }

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
