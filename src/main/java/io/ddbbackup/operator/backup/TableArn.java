package io.ddbbackup.operator.backup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table ARN, {@code arn:<partition>:dynamodb:<region>:<account>:table/<name>}. {@code
 * spec.tableName} may be one, and then it also says which region and account the table lives in.
 * The one parser of table ARNs: the spec's validation and the stores read them here, with the same
 * shape as the CRD's schema pattern.
 */
public record TableArn(String partition, String region, String account, String tableName) {

  /** DynamoDB's table names: 3 to 255 characters of a-z A-Z 0-9 _ . - */
  public static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

  private static final Pattern SHAPE =
      Pattern.compile(
          "arn:(aws[a-z-]*):dynamodb:([a-z]{2}(?:-[a-z]+)+-[0-9]+):([0-9]{12}):table/("
              + TABLE_NAME.pattern()
              + ")");

  /** The parts of {@code table} when it is a table ARN; empty when it is a plain name. */
  public static Optional<TableArn> parse(String table) {
    if (table == null) {
      return Optional.empty();
    }
    Matcher m = SHAPE.matcher(table);
    return m.matches()
        ? Optional.of(new TableArn(m.group(1), m.group(2), m.group(3), m.group(4)))
        : Optional.empty();
  }

  /** The table a backup ARN ({@code <table ARN>/backup/<id>}) belongs to. */
  public static Optional<TableArn> ofBackup(String backupArn) {
    if (backupArn == null) {
      return Optional.empty();
    }
    int cut = backupArn.indexOf("/backup/");
    return cut < 0 ? Optional.empty() : parse(backupArn.substring(0, cut));
  }

  /** This table's ARN. */
  public String arn() {
    return "arn:%s:dynamodb:%s:%s:table/%s".formatted(partition, region, account, tableName);
  }

  /** The table's name, whether {@code table} is a name or a table ARN. */
  public static String nameOf(String table) {
    return parse(table).map(TableArn::tableName).orElse(table);
  }
}
