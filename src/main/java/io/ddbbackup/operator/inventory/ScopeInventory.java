package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scope's backups and its listings: the full listing (in the background, or on the reader's
 * thread) and the time-bounded ones. Everything that reads or changes the backups holds this
 * object's lock; no call to DynamoDB is made while holding it.
 */
final class ScopeInventory {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeInventory.class);

  /** After a full listing failed (not merely queued), how long before one is tried again. */
  private static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

  final InventoryScope key;
  final ScopeBackups backups = new ScopeBackups();
  private final BackupStore store;
  private final InventorySettings settings;
  private final Clock clock;
  private final Executor background;
  private boolean fullRunning;
  private boolean timeBoundedRunning;
  private Instant lastListingStart;
  private Instant lastFullStart;
  private Instant fullFailedAt;

  ScopeInventory(
      InventoryScope key,
      BackupStore store,
      InventorySettings settings,
      Clock clock,
      Executor background) {
    this.key = key;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.background = background;
  }

  /** True once a full listing of the scope completed. */
  synchronized boolean listedInFull() {
    return lastFullStart != null;
  }

  /**
   * How to learn where a followed backup stands ({@link ListingRules#follow}).
   *
   * @param known the backup as the inventory knows it; null when it does not
   * @param listFrom for {@link ListingRules.Follow#LIST}: the listing's lower bound
   */
  record FollowPlan(ListingRules.Follow how, Backup known, Instant listFrom) {}

  /** The plan for following {@code arn} now; a LIST is claimed: the caller must make it. */
  synchronized FollowPlan howToFollow(String arn, Instant now) {
    Backup known = backups.get(arn);
    var creating = backups.creatingSince(now.minus(settings.followReach()));
    var facts =
        new ListingRules.FollowFacts(
            known == null ? null : known.status(),
            backups.missedByListing(arn),
            known == null ? null : known.createdAt(),
            creating.size(),
            timeBoundedRunning,
            lastListingStart);
    ListingRules.Follow how = ListingRules.follow(facts, now, settings);
    if (how != ListingRules.Follow.LIST) {
      return new FollowPlan(how, known, null);
    }
    timeBoundedRunning = true;
    Instant from =
        ListingRules.listFrom(Collections.min(creating), lastListingStart, now, settings);
    return new FollowPlan(how, known, from);
  }

  /** The backup as known now, unless a listing passed over it: then null. */
  synchronized Backup settled(String arn) {
    return backups.missedByListing(arn) ? null : backups.get(arn);
  }

  synchronized void seen(Backup b) {
    backups.seen(b);
  }

  synchronized void gone(String arn) {
    backups.gone(arn, clock.millis());
  }

  /**
   * A time-bounded listing from {@code from}, claimed by {@link #howToFollow}, on the caller's
   * thread; a refusal of our rate-limit queue goes to the caller.
   */
  void listSince(Instant from, Instant start) {
    Set<String> returned = new HashSet<>();
    boolean done = false;
    try {
      String cursor = null;
      do {
        BackupStore.Page page = store.listPage(key.listingTarget(), from, null, cursor);
        merge(page, returned);
        cursor = next(cursor, page);
      } while (cursor != null);
      done = true;
    } finally {
      synchronized (this) {
        timeBoundedRunning = false;
        if (done) {
          backups.markMissed(from, start, settings.margin(), returned);
          lastListingStart = later(lastListingStart, start);
        }
      }
    }
  }

  /**
   * Takes a listing of one whole table, started at {@code start}, as the truth about that table:
   * what it returned is merged, what it did not return is dropped unless too new to tell.
   */
  synchronized void confirmTable(String tableName, List<Backup> listed, Instant start) {
    Set<String> returned = new HashSet<>();
    for (Backup b : listed) {
      backups.seen(b);
      returned.add(b.arn());
    }
    backups.dropUnlistedOfTable(tableName, returned, start, settings.margin());
  }

  /** Starts the full listing when one is due: in the background, else here. */
  void startFullListingIfDue(Instant now) {
    synchronized (this) {
      boolean due =
          !fullRunning
              && ListingRules.fullListingDue(lastFullStart, now, settings)
              && (fullFailedAt == null || !now.isBefore(fullFailedAt.plus(AFTER_FAILURE)));
      if (!due) {
        return;
      }
      fullRunning = true;
    }
    if (background == null) {
      listInFull(false);
    } else {
      background.execute(() -> listInFull(true));
    }
  }

  /**
   * Every backup of the scope, page by page. In the background a page our rate-limit queue refused
   * is asked for again when its permit is due; on a reader's thread the refusal goes to the reader.
   */
  private void listInFull(boolean patient) {
    Instant start = clock.instant();
    synchronized (this) {
      backups.beginFullListing();
    }
    try {
      String cursor = null;
      do {
        BackupStore.Page page = fullPage(cursor, patient);
        merge(page, null);
        cursor = next(cursor, page);
      } while (cursor != null);
      finishFullListing(start);
    } catch (BackupStoreException | InterruptedException e) {
      synchronized (this) {
        fullRunning = false;
        fullFailedAt = clock.instant();
      }
      if (!patient) {
        throw e instanceof BackupStoreException b ? b : interrupted(e);
      }
      LOG.warn("listing every backup of {} failed, trying again later: {}", key, e.getMessage());
    }
  }

  private BackupStore.Page fullPage(String cursor, boolean patient) throws InterruptedException {
    while (true) {
      try {
        return store.listPage(key.listingTarget(), null, null, cursor);
      } catch (BackupStoreException e) {
        if (!patient || e.failure() != Failure.QUEUED) {
          throw e;
        }
        TimeUnit.NANOSECONDS.sleep(e.retryAfter().toNanos());
      }
    }
  }

  private void finishFullListing(Instant start) {
    int dropped;
    int held;
    synchronized (this) {
      dropped = backups.dropUnseen(start, settings.margin());
      held = backups.size();
      lastFullStart = start;
      lastListingStart = later(lastListingStart, start);
      fullRunning = false;
      fullFailedAt = null;
    }
    LOG.info(
        "listed every backup of {}: {} held, {} gone since the last full listing",
        key,
        held,
        dropped);
  }

  private synchronized void merge(BackupStore.Page page, Set<String> returned) {
    for (Backup b : page.backups()) {
      if (backups.seen(b) && returned != null) {
        returned.add(b.arn());
      }
    }
  }

  private static String next(String cursor, BackupStore.Page page) {
    String next = page.lastEvaluatedBackupArn();
    if (next != null && next.equals(cursor)) {
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, "ListBackups returned the same page marker twice", null);
    }
    return next;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static BackupStoreException interrupted(Exception e) {
    Thread.currentThread().interrupt();
    return new BackupStoreException(Failure.UNAVAILABLE, null, "interrupted while listing", e);
  }
}
