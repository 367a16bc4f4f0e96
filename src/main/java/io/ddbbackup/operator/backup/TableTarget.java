package io.ddbbackup.operator.backup;

/**
 * Where a call goes and as whom.
 *
 * @param table table name or table ARN, as in {@code spec.tableName}; null only for a ListBackups
 *     of every table of the account ({@link #everyTable}), which no other call accepts
 * @param region the region, or null for the operator's own
 * @param roleArn a role to assume on top of the operator's identity, or null
 */
public record TableTarget(String table, String region, String roleArn) {

  /** Every table the identity sees in the region: ListBackups without TableName. */
  public static TableTarget everyTable(String region, String roleArn) {
    return new TableTarget(null, region, roleArn);
  }

  /** True for {@link #everyTable}: a listing of the whole account and region. */
  public boolean isEveryTable() {
    return table == null;
  }
}
