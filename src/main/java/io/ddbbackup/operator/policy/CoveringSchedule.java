package io.ddbbackup.operator.policy;

/**
 * A schedule as the fleet rules see it: which table it backs up and who generated it.
 *
 * @param namespace its namespace
 * @param name its name
 * @param tableName the table's name (from a name or an ARN in spec.tableName)
 * @param region the table's region, or null when the schedule names none (the operator's own)
 * @param account the table's account when the schedule says (a table ARN, a role), else null
 * @param generatedBy the uid of the policy that generated it (its controller owner), or null for a
 *     schedule written by hand
 */
public record CoveringSchedule(
    String namespace,
    String name,
    String tableName,
    String region,
    String account,
    String generatedBy) {

  /**
   * Whether this schedule backs up {@code tableName} of {@code region} and {@code account}. What
   * the schedule leaves open (no region, no account) counts as the same: a table that might be
   * covered is reported rather than backed up twice.
   */
  public boolean covers(String tableName, String region, String account) {
    return this.tableName.equals(tableName)
        && (this.region == null || region == null || this.region.equals(region))
        && (this.account == null || account == null || this.account.equals(account));
  }

  /** namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }
}
