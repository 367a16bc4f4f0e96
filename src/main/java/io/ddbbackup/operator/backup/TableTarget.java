package io.ddbbackup.operator.backup;

import java.util.Objects;

/**
 * Where a call goes and as whom.
 *
 * @param table table name or table ARN, as in {@code spec.tableName}
 * @param region the region, or null for the operator's own
 * @param roleArn a role to assume on top of the operator's identity, or null
 */
public record TableTarget(String table, String region, String roleArn) {
  public TableTarget {
    Objects.requireNonNull(table, "table");
  }
}
