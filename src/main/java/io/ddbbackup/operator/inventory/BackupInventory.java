package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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

  /** Newest first; names and then ARNs break ties, as retention orders them. */
  private static final Comparator<Backup> NEWEST_FIRST =
      Comparator.comparing(Backup::createdAt)
          .thenComparing(Backup::name)
          .thenComparing(Backup::arn)
          .reversed();

  private final BackupStore store;
  private final InventorySettings settings;
  private final Clock clock;
  private final Executor background;
  private final RecordingBackupStore recording;
  private final Map<InventoryScope, ScopeInventory> scopes = new ConcurrentHashMap<>();

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
      scope(target).startFullListingIfDue(clock.instant());
    }
  }

  /**
   * The backups of the target's table, for retention and the count. From the inventory once its
   * scope was listed in full; until then from a listing of the table.
   */
  public List<Backup> backupsOf(TableTarget target) {
    ScopeInventory s = scope(target);
    s.startFullListingIfDue(clock.instant());
    synchronized (s) {
      if (s.listedInFull()) {
        return s.backups.ofTable(TableArn.nameOf(target.table()));
      }
    }
    return recording.list(target, null, null);
  }

  /**
   * The backups of the target's table as DynamoDB lists them now, for a prune about to delete: one
   * ListBackups of the table (every page, on the caller's thread; a refusal of our rate-limit queue
   * goes to the caller). Returns what the listing returned: retention keeps its promise against
   * what exists, not against the inventory (a backup missing from a listing that lags only makes a
   * prune keep one more). What the inventory held of the table and the listing did not return was
   * deleted outside the operator and is dropped from it, unless created too shortly before the
   * listing to tell.
   */
  public List<Backup> confirmedBackupsOf(TableTarget target) {
    Instant start = clock.instant();
    List<Backup> listed = recording.list(target, null, null);
    scope(target).confirmTable(TableArn.nameOf(target.table()), listed, start);
    return listed;
  }

  /**
   * The oldest backup named {@code name} of the target's table created in {@code [from, to]}: from
   * the inventory when it holds one, else from a ListBackups of that table bounded to the range (a
   * backup whose CreateBackup answer was lost is in no inventory).
   */
  public Optional<Backup> find(TableTarget target, String name, Instant from, Instant to) {
    ScopeInventory s = scope(target);
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
    ScopeInventory s = scope(target);
    Instant now = clock.instant();
    ScopeInventory.FollowPlan plan = s.howToFollow(arn, now);
    switch (plan.how()) {
      case KNOWN, WAIT:
        return plan.known();
      case LIST:
        s.listSince(plan.listFrom(), now);
        Backup settled = s.settled(arn);
        if (settled != null) {
          return settled;
        }
        // not seen by a listing that should have shown it: only DescribeBackup can tell why
        return recording.describe(target, arn);
      default:
        return recording.describe(target, arn);
    }
  }

  /** How many backups it holds, all scopes together. */
  public int size() {
    int n = 0;
    for (ScopeInventory s : scopes.values()) {
      synchronized (s) {
        n += s.backups.size();
      }
    }
    return n;
  }

  /** True once every scope seen so far was listed in full at least once. */
  public boolean complete() {
    return scopes.values().stream().allMatch(ScopeInventory::listedInFull);
  }

  // ---- updates from the reconcilers' calls (RecordingBackupStore) ----

  void seen(TableTarget target, Backup backup) {
    scope(target).seen(backup);
  }

  void gone(TableTarget target, String arn) {
    scope(target).gone(arn);
  }

  private ScopeInventory scope(TableTarget target) {
    return scopes.computeIfAbsent(
        InventoryScope.of(target),
        key -> new ScopeInventory(key, store, settings, clock, background));
  }

  private static Optional<Backup> named(
      List<Backup> backups, String name, Instant from, Instant to) {
    return backups.stream()
        .filter(b -> b.name().equals(name))
        .filter(b -> !b.createdAt().isBefore(from) && !b.createdAt().isAfter(to))
        .min(Comparator.comparing(Backup::createdAt));
  }
}
