package io.ddbbackup.operator.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table ARN, {@code arn:<partition>:dynamodb:<region>:<account>:table/<name>}. {@code
 * spec.tableName} may be one, and then it also says which region and account the table lives in.
 */
public record TableArn(String partition, String region, String account, String tableName) {

  private static final Pattern SHAPE =
      Pattern.compile("arn:(aws[a-z-]*):dynamodb:([a-z0-9-]+):(\\d{12}):table/([a-zA-Z0-9_.-]+)");

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
}
