package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.BackupStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * When the inventory must list, and what a listing must cover: functions of values, tested as data.
 * The inventory applies them; nothing here calls DynamoDB or reads a clock.
 */
public final class ListingRules {

  private ListingRules() {}

  /** How the state of a backup being followed is learned. */
  public enum Follow {
    /** The inventory already knows it settled (a shared listing saw it): no call. */
    KNOWN,
    /** DescribeBackup, for this backup alone. */
    DESCRIBE,
    /** A time-bounded listing of the scope, which answers for every CREATING backup at once. */
    LIST,
    /** A listing of the scope is running or has just run: its answer is the freshest there is. */
    WAIT
  }

  /**
   * What the inventory knows when a backup is followed.
   *
   * @param known the backup's state in the inventory; null when the inventory does not know it
   * @param missedByListing a listing that covered its creation time did not return it: only
   *     DescribeBackup can tell whether it failed
   * @param createdAt when it was created (null when unknown)
   * @param creating how many backups of the scope are CREATING within the follow reach
   * @param listing a listing of the scope is running
   * @param lastListingStart when the last listing of the scope started; null before the first
   */
  public record FollowFacts(
      BackupStatus known,
      boolean missedByListing,
      Instant createdAt,
      int creating,
      boolean listing,
      Instant lastListingStart) {}

  /** How to learn the state of the backup described by {@code f} at {@code now}. */
  public static Follow follow(FollowFacts f, Instant now, InventorySettings s) {
    if (f.known() == null || f.missedByListing()) {
      return Follow.DESCRIBE;
    }
    if (f.known() != BackupStatus.CREATING) {
      return Follow.KNOWN;
    }
    boolean young = f.createdAt() != null && !f.createdAt().isBefore(now.minus(s.followReach()));
    if (!young || f.creating() <= s.followByListingAbove()) {
      return Follow.DESCRIBE;
    }
    if (f.listing()) {
      return Follow.WAIT;
    }
    boolean listedJustNow =
        f.lastListingStart() != null
            && now.isBefore(f.lastListingStart().plus(s.listingInterval()));
    return listedJustNow ? Follow.WAIT : Follow.LIST;
  }

  /**
   * The TimeRangeLowerBound of a time-bounded listing: the oldest CREATING backup it must answer
   * for, and, when the previous listing started within the follow reach, that start minus the
   * margin, so that consecutive listings leave no gap a new backup could fall into. A listing after
   * a longer pause does not reach back that far; what it skips is caught by the next full listing.
   */
  public static Instant listFrom(
      Instant oldestCreating, Instant lastListingStart, Instant now, InventorySettings s) {
    Instant from = oldestCreating;
    if (lastListingStart != null) {
      Instant continuous = lastListingStart.minus(s.margin());
      if (!continuous.isBefore(now.minus(s.followReach())) && continuous.isBefore(from)) {
        from = continuous;
      }
    }
    return from;
  }

  /** True when the scope's last full listing started a whole period ago, or never completed. */
  public static boolean fullListingDue(Instant lastFullStart, Instant now, InventorySettings s) {
    return lastFullStart == null || !now.isBefore(lastFullStart.plus(s.fullListingPeriod()));
  }

  /**
   * True when a backup the inventory holds may go because a full listing that started at {@code
   * fullStart} did not return it: only a backup created well before that listing began (a newer one
   * may simply not have been visible to it yet).
   */
  public static boolean goneUnlessListed(Instant createdAt, Instant fullStart, Duration margin) {
    return createdAt.isBefore(fullStart.minus(margin));
  }

  /**
   * True when a CREATING backup a time-bounded listing did not return must be described: it was
   * created within the listing's range and well before the listing began.
   */
  public static boolean missedBy(
      Instant createdAt, Instant listedFrom, Instant listingStart, Duration margin) {
    return !createdAt.isBefore(listedFrom) && createdAt.isBefore(listingStart.minus(margin));
  }
}
