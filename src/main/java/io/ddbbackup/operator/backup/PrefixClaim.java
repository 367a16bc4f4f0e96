package io.ddbbackup.operator.backup;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule's claim to name the backups of one table with one prefix. A prefix is all that makes a
 * backup a schedule's own, so two schedules with one prefix on one table adopt and prune each
 * other's backups, and two slots of theirs at the same instant (say, one schedule in UTC and one in
 * Europe/Berlin) are one name: the older schedule keeps the prefix and the younger is refused.
 *
 * @param owner {@code namespace/name} of the schedule
 * @param account the table's account when the spec shows it (a table or role ARN), else null
 * @param region {@code spec.region} or the table ARN's region, else null (the operator's own)
 * @param tableName the table's name
 * @param prefix the prefix its backups are named with
 * @param since when the schedule was created
 */
public record PrefixClaim(
    String owner, String account, String region, String tableName, String prefix, Instant since) {

  public PrefixClaim {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(prefix, "prefix");
  }

  /** The claim of schedule {@code owner} on {@code target}'s table with {@code names}. */
  public static PrefixClaim of(String owner, TableTarget target, BackupName names, Instant since) {
    Optional<TableArn> arn = TableArn.parse(target.table());
    String account = arn.map(TableArn::account).orElse(null);
    if (target.roleArn() != null) {
      // arn:aws:iam::<account>:role/<name>: the role's account is where the table is reached
      String[] parts = target.roleArn().split(":");
      account = parts.length >= 6 && !parts[4].isEmpty() ? parts[4] : account;
    }
    String region =
        target.region() != null ? target.region() : arn.map(TableArn::region).orElse(null);
    return new PrefixClaim(
        owner, account, region, TableArn.nameOf(target.table()), names.prefix(), since);
  }

  /**
   * True when both claims name backups of what may be one table with one prefix. An account or a
   * region a spec leaves to the operator's defaults may be anyone's, so it matches any.
   */
  public boolean clashesWith(PrefixClaim other) {
    return prefix.equals(other.prefix) && sameTableAs(other);
  }

  /**
   * True when the other claim is another schedule's on what may be the same table, whatever the
   * prefixes. An account or a region a spec leaves to the operator's defaults matches any.
   */
  public boolean sameTableAs(PrefixClaim other) {
    return !owner.equals(other.owner)
        && tableName.equals(other.tableName)
        && sameOrUnknown(account, other.account)
        && sameOrUnknown(region, other.region);
  }

  /**
   * The oldest claim among {@code others} that clashes with this one and came before it (created
   * earlier; on a tie, the owner that sorts first), if any: this schedule must yield the prefix.
   */
  public Optional<PrefixClaim> yieldsTo(Collection<PrefixClaim> others) {
    return others.stream().filter(this::clashesWith).filter(this::cameAfter).min(FIRST_COME);
  }

  private static final Comparator<PrefixClaim> FIRST_COME =
      Comparator.comparing(
              PrefixClaim::since, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(PrefixClaim::owner);

  private boolean cameAfter(PrefixClaim other) {
    return FIRST_COME.compare(other, this) < 0;
  }

  private static boolean sameOrUnknown(String a, String b) {
    return a == null || b == null || a.equals(b);
  }
}
