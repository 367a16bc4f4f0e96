package io.ddbbackup.operator.retention;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStatus;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which of a schedule's backups to prune. Pure: the caller lists the backups and reads the
 * clock; nothing here talks to DynamoDB.
 */
public final class Retention {

  /**
   * Newest first, by creation time. Names break ties because a slot's name encodes its time, and
   * ARNs make the order total so that it never depends on the order ListBackups returned.
   */
  static final Comparator<Backup> NEWEST_FIRST =
      Comparator.comparing(Backup::createdAt)
          .thenComparing(Backup::name)
          .thenComparing(Backup::arn)
          .reversed();

  private Retention() {}

  private static String notYet(Backup newest) {
    return "the newest backup %s is %s, so nothing is pruned until a newer backup is AVAILABLE"
        .formatted(newest.name(), newest.status());
  }

  /**
   * Applies {@code policy} to the backups {@code owner} owns among {@code backups}; all others are
   * ignored, whatever their name looks like.
   *
   * @param tableName the table's name (not its ARN), as DynamoDB reports it on each backup
   * @param zone the schedule's time zone, which decides where days, weeks and months begin
   */
  public static PruneDecision decide(
      RetentionPolicy policy,
      BackupName owner,
      String tableName,
      List<Backup> backups,
      ZoneId zone,
      Instant now) {
    return decide(policy, owner, tableName, backups, zone, now, Set.of());
  }

  /**
   * As {@link #decide(RetentionPolicy, BackupName, String, List, ZoneId, Instant)}, and never
   * prunes a backup named in {@code protectedNames}. The schedule passes:
   *
   * <ul>
   *   <li>the backup it started last, whose prune this is. Creation times alone could rank it below
   *       backups that only look like the schedule's (owned by name, made later), and a crash after
   *       deleting it would leave its recorded name without a backup, which the next run makes
   *       again: one trigger, two backups;
   *   <li>the newest backup a restore drill verified (the proof that a restore works) and the one a
   *       drill is restoring now.
   * </ul>
   */
  public static PruneDecision decide(
      RetentionPolicy policy,
      BackupName owner,
      String tableName,
      List<Backup> backups,
      ZoneId zone,
      Instant now,
      Set<String> protectedNames) {
    List<Backup> owned = owned(owner, tableName, backups);
    if (owned.isEmpty() || policy.keepsEverything()) {
      return new PruneDecision(owned, owned, List.of(), null, keptByAll(owned, NO_RULE));
    }
    Backup newest = owned.get(0);
    if (!newest.isAvailable()) {
      return new PruneDecision(owned, owned, List.of(), notYet(newest), Map.of());
    }

    // Rules count only AVAILABLE backups: a FAILED one must not use up a keepLast place that a
    // restorable backup needs. Backups in any other state are kept regardless.
    List<Backup> available = owned.stream().filter(Backup::isAvailable).toList();
    Map<Backup, List<String>> kept = new LinkedHashMap<>();
    owned.stream().filter(b -> !b.isAvailable()).forEach(b -> keep(kept, b, NOT_AVAILABLE));
    keep(kept, newest, NEWEST);
    owned.stream()
        .filter(b -> protectedNames.contains(b.name()))
        .forEach(b -> keep(kept, b, PROTECTED));
    keepNewest(policy.keepLast(), available, kept);
    keepYoungerThan(policy.maxAge(), available, now, kept);
    keepPerBucket(policy.keepDaily(), "keepDaily", CalendarBucket.DAY, available, zone, kept);
    keepPerBucket(policy.keepWeekly(), "keepWeekly", CalendarBucket.WEEK, available, zone, kept);
    keepPerBucket(policy.keepMonthly(), "keepMonthly", CalendarBucket.MONTH, available, zone, kept);

    List<Backup> keep = owned.stream().filter(kept::containsKey).toList();
    List<Backup> prune = new ArrayList<>(owned.stream().filter(b -> !kept.containsKey(b)).toList());
    Collections.reverse(prune);
    Map<String, List<String>> keptBy = new LinkedHashMap<>();
    keep.forEach(b -> keptBy.put(b.arn(), kept.get(b)));
    return new PruneDecision(owned, keep, prune, null, keptBy);
  }

  // why a backup is kept, as PruneDecision.keptBy reports it (kubectl ddb describe shows them)
  static final String NO_RULE = "no retention rule: every backup is kept";
  static final String NOT_AVAILABLE = "not AVAILABLE";
  static final String NEWEST = "newest AVAILABLE";
  static final String PROTECTED = "protected (last started, drill-verified or drilling)";

  private static void keep(Map<Backup, List<String>> kept, Backup backup, String rule) {
    kept.computeIfAbsent(backup, b -> new ArrayList<>()).add(rule);
  }

  private static Map<String, List<String>> keptByAll(List<Backup> owned, String rule) {
    Map<String, List<String>> keptBy = new LinkedHashMap<>();
    owned.forEach(b -> keptBy.put(b.arn(), List.of(rule)));
    return keptBy;
  }

  private static List<Backup> owned(BackupName owner, String tableName, List<Backup> backups) {
    // DynamoDB allows duplicate names but not ARNs; a backup listed twice (paging overlap, a
    // stale copy from DescribeBackup) must not end up in both keep and prune. When copies
    // disagree, the one that is not AVAILABLE wins, so a doubtful backup is never deleted.
    Map<String, Backup> byArn = new LinkedHashMap<>();
    for (Backup backup : backups) {
      if (backup.status() == BackupStatus.DELETED || !owner.owns(backup, tableName)) {
        continue;
      }
      byArn.merge(backup.arn(), backup, (a, b) -> a.isAvailable() ? b : a);
    }
    return byArn.values().stream().sorted(NEWEST_FIRST).toList();
  }

  private static void keepNewest(
      Integer count, List<Backup> available, Map<Backup, List<String>> kept) {
    if (count != null) {
      available
          .subList(0, Math.min(count, available.size()))
          .forEach(b -> keep(kept, b, "keepLast " + count));
    }
  }

  private static void keepYoungerThan(
      Duration maxAge, List<Backup> available, Instant now, Map<Backup, List<String>> kept) {
    if (maxAge == null) {
      return;
    }
    Instant cutoff;
    try {
      cutoff = now.minus(maxAge);
    } catch (DateTimeException | ArithmeticException e) {
      // older than time itself: every backup is younger
      available.forEach(b -> keep(kept, b, "maxAge"));
      return;
    }
    for (Backup backup : available) {
      if (backup.createdAt().isAfter(cutoff)) {
        keep(kept, backup, "maxAge");
      }
    }
  }

  /**
   * restic's rule: walking newest to oldest, the first backup seen in each period is that period's
   * newest; the newest {@code count} periods that have a backup keep theirs. Empty periods do not
   * count, so a schedule that stopped long ago still keeps its last backups.
   */
  private static void keepPerBucket(
      Integer count,
      String rule,
      CalendarBucket bucket,
      List<Backup> available,
      ZoneId zone,
      Map<Backup, List<String>> kept) {
    if (count == null) {
      return;
    }
    Set<Object> seen = new HashSet<>();
    for (Backup backup : available) {
      if (seen.size() == count) {
        return;
      }
      if (seen.add(bucket.of(backup.createdAt(), zone))) {
        keep(kept, backup, rule + " " + count);
      }
    }
  }
}
