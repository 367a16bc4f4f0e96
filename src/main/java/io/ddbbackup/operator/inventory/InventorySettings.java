package io.ddbbackup.operator.inventory;

import java.time.Duration;

/**
 * How the inventory keeps fresh.
 *
 * @param fullListingPeriod how often every backup of a scope is listed again, which is how backups
 *     deleted outside the operator leave the inventory (and {@code backupCount})
 * @param margin how far before the previous listing's start a time-bounded listing reaches back:
 *     DynamoDB stamps BackupCreationDateTime by its clock and ListBackups may show a new backup a
 *     moment late, so a listing starting exactly where the last one started could miss one
 * @param listingInterval the least time between two time-bounded listings of one scope
 * @param followByListingAbove how many backups of a scope must be CREATING before they are followed
 *     by shared listings instead of one DescribeBackup each
 * @param followReach how long a CREATING backup is followed by listings; an older one is described
 *     alone, so that one slow backup never keeps every listing reaching far back
 */
public record InventorySettings(
    Duration fullListingPeriod,
    Duration margin,
    Duration listingInterval,
    int followByListingAbove,
    Duration followReach) {

  /** A week. */
  public static final Duration DEFAULT_FULL_LISTING_PERIOD = Duration.ofDays(7);

  public InventorySettings {
    if (fullListingPeriod.isNegative() || fullListingPeriod.isZero()) {
      throw new IllegalArgumentException("the full listing period must be positive");
    }
  }

  /**
   * A full listing a week (a daily schedule keeping 30 backups then pays 30 / 100 / 7 = 0.04
   * ListBackups pages per backup for it); five seconds of margin (clocks on EC2 and EKS nodes are
   * synchronised to well under a second); a listing at most every three seconds; listings once more
   * than twenty backups are CREATING (DescribeBackup's 10/s then no longer looks at each of them
   * every two seconds, while one ListBackups page carries a hundred).
   */
  public static InventorySettings defaults() {
    return withFullListingPeriod(DEFAULT_FULL_LISTING_PERIOD);
  }

  public static InventorySettings withFullListingPeriod(Duration period) {
    return new InventorySettings(
        period, Duration.ofSeconds(5), Duration.ofSeconds(3), 20, Duration.ofMinutes(10));
  }
}
