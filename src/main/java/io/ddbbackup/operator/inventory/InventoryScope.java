package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.Optional;

/**
 * Whose backups one inventory holds: what a ListBackups without TableName returns for an identity
 * (the operator's own, or an assumed role) in a region. Every schedule with the same identity and
 * region shares it.
 *
 * <p>A listing without TableName shows the caller's own account only. A table given as an ARN of
 * another account (reached through a resource policy, with no role of that account) is therefore
 * not in that listing, so such a table gets a scope of its own whose listings name it.
 *
 * @param roleArn the role assumed, or null for the operator's own identity
 * @param region the region named by the spec or the table ARN; null for the operator's own
 * @param table null for a whole account; the table ARN for a table the account listing cannot see
 */
public record InventoryScope(String roleArn, String region, String table) {

  /** The scope of the schedule whose calls go to {@code target}. */
  public static InventoryScope of(TableTarget target) {
    Optional<TableArn> arn = TableArn.parse(target.table());
    String region =
        target.region() != null && !target.region().isBlank()
            ? target.region()
            : arn.map(TableArn::region).orElse(null);
    boolean seenByAccountListing =
        arn.isEmpty() || arn.get().account().equals(accountOfRole(target.roleArn()));
    return new InventoryScope(
        target.roleArn(), region, seenByAccountListing ? null : target.table());
  }

  /** Where this scope's listings go: every table of the account, or the one table. */
  public TableTarget listingTarget() {
    return table == null
        ? TableTarget.anyTable(region, roleArn)
        : new TableTarget(table, region, roleArn);
  }

  /** arn:aws:iam::ACCOUNT:role/NAME; null when there is no role or it names no account. */
  private static String accountOfRole(String roleArn) {
    if (roleArn == null) {
      return null;
    }
    String[] parts = roleArn.split(":");
    return parts.length >= 6 && parts[4].matches("\\d{12}") ? parts[4] : null;
  }
}
