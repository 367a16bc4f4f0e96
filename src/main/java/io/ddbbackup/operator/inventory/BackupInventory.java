package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backups exist, per {@link InventoryScope} (identity and region), shared by every schedule
 * of the scope: pruning, counting and adoption read it instead of listing a table's history for
 * each backup, and a herd of CREATING backups is followed by a few shared ListBackups pages instead
 * of one DescribeBackup each.
 *
 * <p>How it stays true: a full listing of the scope (every table's USER backups) when a schedule of
 * the scope is first seen and again every {@link InventorySettings#fullListingPeriod}; every answer
 * to the reconcilers' own calls ({@link #store()}); and time-bounded listings while many backups
 * are CREATING, each reaching back to the previous one's start minus a margin ({@link
 * ListingRules}). A backup deleted outside the operator is noticed by the next full listing only.
 * Until the scope's first full listing completes, a reader lists its table as before.
 */
public final class BackupInventory {

  private static final Logger LOG = LoggerFactory.getLogger(BackupInventory.class);

  /** After a full listing failed (not merely queued), how long before one is tried again. */
  private static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

  /** One scope's backups and the state of its listings; guarded by itself. */
  private static final class Scope {
    final InventoryScope key;
    final ScopeBackups backups = new ScopeBackups();
    boolean fullRunning;
    boolean timeBoundedRunning;
    Instant lastListingStart;
    Instant lastFullStart;
    Instant fullFailedAt;

    Scope(InventoryScope key) {
      this.key = key;
    }
  }

  private final BackupStore store;
  private final InventorySettings settings;
  private final Clock clock;
  private final Executor background;
  private final RecordingBackupStore recording;
  private final Map<InventoryScope, Scope> scopes = new ConcurrentHashMap<>();

  /**
   * @param store the rate-limited (and metered) store its own listings and describes go through
   * @param background where full listings run; null: on the thread that first needs them
   */
  public BackupInventory(
      BackupStore store, InventorySettings settings, Clock clock, Executor background) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.background = background;
    this.recording = new RecordingBackupStore(store, this);
  }

  /** Full listings when a reader first needs them, on its thread: tests and one-shot runs. */
  public static BackupInventory onDemand(BackupStore store, Clock clock) {
    return new BackupInventory(store, InventorySettings.defaults(), clock, null);
  }

  /** As the operator runs it: full listings start as soon as a scope is seen, on daemon threads. */
  public static BackupInventory inBackground(
      BackupStore store, InventorySettings settings, Clock clock) {
    AtomicInteger threads = new AtomicInteger();
    Executor executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "inventory-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return new BackupInventory(store, settings, clock, executor);
  }

  /** The store to call: each answer it returns updates this inventory. */
  public BackupStore store() {
    return recording;
  }

  /**
   * A schedule acts on {@code target}: with a background, its scope's full listing starts now if it
   * is due, so that it is ready by the time a backup needs pruning.
   */
  public void register(TableTarget target) {
    if (background != null) {
      startFullListingIfDue(scope(target), clock.instant());
    }
  }

  /**
   * The backups of the target's table, for retention and the count. From the inventory once its
   * scope was listed in full; until then from a listing of the table.
   */
  public List<Backup> backupsOf(TableTarget target) {
    Scope s = scope(target);
    startFullListingIfDue(s, clock.instant());
    synchronized (s) {
      if (s.lastFullStart != null) {
        return s.backups.ofTable(TableArn.nameOf(target.table()));
      }
    }
    return recording.list(target, null, null);
  }

  /** The backups {@code names} owns on the target's table, newest first: the read API. */
  public OwnedBackups owned(TableTarget target, BackupName names) {
    String table = TableArn.nameOf(target.table());
    List<Backup> owned =
        new java.util.ArrayList<>(
            backupsOf(target).stream().filter(b -> names.owns(b, table)).toList());
    owned.sort(NEWEST_FIRST);
    return new OwnedBackups(owned);
  }

  /**
   * The oldest backup named {@code name} of the target's table created in {@code [from, to]}: from
   * the inventory when it holds one, else from a ListBackups of that table bounded to the range (a
   * backup whose CreateBackup answer was lost is in no inventory).
   */
  public Optional<Backup> find(TableTarget target, String name, Instant from, Instant to) {
    Scope s = scope(target);
    List<Backup> known;
    synchronized (s) {
      known = s.backups.ofTable(TableArn.nameOf(target.table()));
    }
    Optional<Backup> found = named(known, name, from, to);
    return found.isPresent() ? found : named(recording.list(target, from, to), name, from, to);
  }

  /**
   * The backup being followed as it stands now: from the inventory when a shared listing knows it
   * better than a call would, from a time-bounded listing of the scope when many backups are
   * CREATING, else from DescribeBackup. Throws BACKUP_NOT_FOUND as DescribeBackup does.
   */
  public Backup follow(TableTarget target, String arn) {
    Scope s = scope(target);
    Instant now = clock.instant();
    Backup known;
    ListingRules.Follow how;
    Instant from = null;
    synchronized (s) {
      known = s.backups.get(arn);
      List<Instant> creating = s.backups.creatingSince(now.minus(settings.followReach()));
      ListingRules.FollowFacts facts =
          new ListingRules.FollowFacts(
              known == null ? null : known.status(),
              s.backups.missedByListing(arn),
              known == null ? null : known.createdAt(),
              creating.size(),
              s.timeBoundedRunning,
              s.lastListingStart);
      how = ListingRules.follow(facts, now, settings);
      if (how == ListingRules.Follow.LIST) {
        s.timeBoundedRunning = true;
        from = ListingRules.listFrom(Collections.min(creating), s.lastListingStart, now, settings);
      }
    }
    return switch (how) {
      case KNOWN, WAIT -> known;
      case DESCRIBE -> recording.describe(target, arn);
      case LIST -> afterListing(s, target, arn, from, now);
    };
  }

  /** How many backups it holds, all scopes together. */
  public int size() {
    int n = 0;
    for (Scope s : scopes.values()) {
      synchronized (s) {
        n += s.backups.size();
      }
    }
    return n;
  }

  /** True once every scope seen so far was listed in full at least once. */
  public boolean complete() {
    for (Scope s : scopes.values()) {
      synchronized (s) {
        if (s.lastFullStart == null) {
          return false;
        }
      }
    }
    return true;
  }

  // ---- updates from the reconcilers' calls (RecordingBackupStore) ----

  void seen(TableTarget target, Backup backup) {
    Scope s = scope(target);
    synchronized (s) {
      s.backups.seen(backup);
    }
  }

  void gone(TableTarget target, String arn) {
    Scope s = scope(target);
    synchronized (s) {
      s.backups.gone(arn, clock.millis());
    }
  }

  // ---- listings ----

  private Backup afterListing(Scope s, TableTarget target, String arn, Instant from, Instant now) {
    listSince(s, from, now);
    Backup after;
    synchronized (s) {
      after = s.backups.missedByListing(arn) ? null : s.backups.get(arn);
    }
    // not seen by a listing that should have shown it: only DescribeBackup can tell why
    return after != null ? after : recording.describe(target, arn);
  }

  /** A time-bounded listing of the scope from {@code from}, on the caller's thread. */
  private void listSince(Scope s, Instant from, Instant start) {
    Set<String> returned = new HashSet<>();
    boolean done = false;
    try {
      String cursor = null;
      do {
        BackupStore.Page page = store.listPage(s.key.listingTarget(), from, null, cursor);
        merge(s, page, returned);
        cursor = next(cursor, page);
      } while (cursor != null);
      done = true;
    } finally {
      synchronized (s) {
        s.timeBoundedRunning = false;
        if (done) {
          s.backups.markMissed(from, start, settings.margin(), returned);
          s.lastListingStart = later(s.lastListingStart, start);
        }
      }
    }
  }

  private void startFullListingIfDue(Scope s, Instant now) {
    synchronized (s) {
      boolean due =
          !s.fullRunning
              && ListingRules.fullListingDue(s.lastFullStart, now, settings)
              && (s.fullFailedAt == null || !now.isBefore(s.fullFailedAt.plus(AFTER_FAILURE)));
      if (!due) {
        return;
      }
      s.fullRunning = true;
    }
    if (background == null) {
      listInFull(s, false);
    } else {
      background.execute(() -> listInFull(s, true));
    }
  }

  /**
   * Every backup of the scope, page by page. In the background a page our rate-limit queue refused
   * is asked for again when its permit is due; on a reader's thread the refusal goes to the reader.
   */
  private void listInFull(Scope s, boolean patient) {
    Instant start = clock.instant();
    synchronized (s) {
      s.backups.beginFullListing();
    }
    try {
      String cursor = null;
      do {
        BackupStore.Page page = fullPage(s, cursor, patient);
        merge(s, page, null);
        cursor = next(cursor, page);
      } while (cursor != null);
      finishFullListing(s, start);
    } catch (BackupStoreException | InterruptedException e) {
      synchronized (s) {
        s.fullRunning = false;
        s.fullFailedAt = clock.instant();
      }
      if (!patient) {
        throw e instanceof BackupStoreException b ? b : interrupted(e);
      }
      LOG.warn("listing every backup of {} failed, trying again later: {}", s.key, e.getMessage());
    }
  }

  private BackupStore.Page fullPage(Scope s, String cursor, boolean patient)
      throws InterruptedException {
    while (true) {
      try {
        return store.listPage(s.key.listingTarget(), null, null, cursor);
      } catch (BackupStoreException e) {
        if (!patient || e.failure() != Failure.QUEUED) {
          throw e;
        }
        TimeUnit.NANOSECONDS.sleep(e.retryAfter().toNanos());
      }
    }
  }

  private void finishFullListing(Scope s, Instant start) {
    int dropped;
    int held;
    synchronized (s) {
      dropped = s.backups.dropUnseen(start, settings.margin());
      held = s.backups.size();
      s.lastFullStart = start;
      s.lastListingStart = later(s.lastListingStart, start);
      s.fullRunning = false;
      s.fullFailedAt = null;
    }
    LOG.info(
        "listed every backup of {}: {} held, {} gone since the last full listing",
        s.key,
        held,
        dropped);
  }

  private void merge(Scope s, BackupStore.Page page, Set<String> returned) {
    synchronized (s) {
      for (Backup b : page.backups()) {
        if (s.backups.seen(b) && returned != null) {
          returned.add(b.arn());
        }
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

  private Scope scope(TableTarget target) {
    return scopes.computeIfAbsent(InventoryScope.of(target), Scope::new);
  }

  private static Optional<Backup> named(
      List<Backup> backups, String name, Instant from, Instant to) {
    return backups.stream()
        .filter(b -> b.name().equals(name))
        .filter(b -> !b.createdAt().isBefore(from) && !b.createdAt().isAfter(to))
        .min(Comparator.comparing(Backup::createdAt));
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static BackupStoreException interrupted(Exception e) {
    Thread.currentThread().interrupt();
    return new BackupStoreException(Failure.UNAVAILABLE, null, "interrupted while listing", e);
  }

  /** Newest first; names and then ARNs break ties, as retention orders them. */
  private static final Comparator<Backup> NEWEST_FIRST =
      Comparator.comparing(Backup::createdAt)
          .thenComparing(Backup::name)
          .thenComparing(Backup::arn)
          .reversed();
}
