package io.ddbbackup.operator.backup;

/**
 * Where a call goes and as whom.
 *
 * @param table table name or table ARN, as in {@code spec.tableName}; null only for a call about
 *     every table of the account and region ({@link #anyTable}), e.g. a ListBackups without
 *     TableName, which no call about one backup or one table accepts
 * @param region the region, or null for the operator's own
 * @param roleArn a role to assume on top of the operator's identity, or null
 */
public record TableTarget(String table, String region, String roleArn) {

  /** No table in particular: e.g. ListBackups of every table of the account and region. */
  public static TableTarget anyTable(String region, String roleArn) {
    return new TableTarget(null, region, roleArn);
  }

  /** True for {@link #anyTable}: a call about the whole account and region. */
  public boolean isAnyTable() {
    return table == null;
  }

  /** The same region and role, for another table. */
  public TableTarget withTable(String otherTable) {
    return new TableTarget(otherTable, region, roleArn);
  }
}
