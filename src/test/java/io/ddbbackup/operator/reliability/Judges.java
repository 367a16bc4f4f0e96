package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.testing.BackupLedger;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What must be true of the backups, computed from a {@link BackupLedger} (every backup that ever
 * existed, as the proxies saw moto make and delete them), the cron and the clock, and the rules as
 * docs/reference.md states them. Nothing here asks the operator.
 */
final class Judges {

  private Judges() {}

  /** The name of the proxy the test's own backups go through (not the operator's writes). */
  static final String TEST = "test";

  /**
   * keepLast by the rules alone (docs/reference.md): of every backup the schedule ever owned, the
   * {@code keepLast} newest by moto's creation time exist, and so does the one the schedule made
   * last (the backup of its latest trigger or slot, which its own prune never deletes); every other
   * was deleted. Each deletion happened while {@code keepLast} newer owned backups existed and took
   * nothing the schedule had made last by then. Returns how many it deleted.
   */
  static int keptExactlyTheNewest(BackupLedger ledger, String ns, String name, int keepLast) {
    List<BackupLedger.Backup> owned = ledger.ownedBy(TestCluster.backupPrefix(ns, name), TABLE);
    List<BackupLedger.Backup> madeBySchedule =
        owned.stream()
            .filter(b -> !b.writer().equals(TEST))
            .sorted(Comparator.comparing(BackupLedger.Backup::made))
            .toList();
    Set<BackupLedger.Backup> mustExist =
        new HashSet<>(owned.subList(0, Math.min(keepLast, owned.size())));
    if (!madeBySchedule.isEmpty()) {
      mustExist.add(madeBySchedule.get(madeBySchedule.size() - 1));
    }
    assertThat(mustExist)
        .as("%s: the newest %d and the last it made exist", name, keepLast)
        .allMatch(BackupLedger.Backup::exists);
    assertThat(owned.stream().filter(b -> !mustExist.contains(b)))
        .as("%s: every other backup was pruned", name)
        .noneMatch(BackupLedger.Backup::exists);
    Set<String> arns = owned.stream().map(BackupLedger.Backup::arn).collect(Collectors.toSet());
    int deleted = 0;
    for (BackupLedger.Deletion deletion : ledger.deletions()) {
      if (!arns.contains(deletion.arn())) {
        continue;
      }
      deleted++;
      BackupLedger.Backup victim =
          owned.stream().filter(b -> b.arn().equals(deletion.arn())).findFirst().orElseThrow();
      long newerThen =
          owned.stream()
              .filter(b -> b.createdAt().isAfter(victim.createdAt()))
              .filter(b -> b.existedAt(deletion.at()))
              .count();
      assertThat(newerThen)
          .as("%s: newer backups when %s was deleted at %s", name, victim.name(), deletion.at())
          .isGreaterThanOrEqualTo(keepLast);
      BackupLedger.Backup lastMade =
          madeBySchedule.stream()
              .filter(b -> b.made().isBefore(deletion.at()))
              .reduce((a, b) -> b)
              .orElse(null);
      assertThat(victim)
          .as("%s: deleted at %s the backup it had made last", name, deletion.at())
          .isNotEqualTo(lastMade);
    }
    return deleted;
  }

  /** Every deletion the ledger saw is of a backup one of {@code pruning} (schedule names) owns. */
  static void deletedNothingElse(BackupLedger ledger, String ns, String... pruning) {
    Set<String> ownedByPruning =
        java.util.Arrays.stream(pruning)
            .flatMap(n -> ledger.ownedBy(TestCluster.backupPrefix(ns, n), TABLE).stream())
            .map(BackupLedger.Backup::arn)
            .collect(Collectors.toSet());
    assertThat(ledger.deletions())
        .as("deletions of backups no pruning schedule owns")
        .allMatch(d -> ownedByPruning.contains(d.arn()));
  }

  /**
   * One backup for every minute slot of a {@code * * * * *} schedule from {@code from} to {@code
   * to}, none made twice, and nothing but slot backups in the minutes around them.
   */
  static int oneBackupPerMinuteSlot(
      BackupLedger ledger, String ns, String name, Instant from, Instant to) {
    List<String> made =
        ledger.ownedBy(TestCluster.backupPrefix(ns, name), TABLE).stream()
            .map(BackupLedger.Backup::name)
            .toList();
    List<String> mustHave = minuteSlots(ns, name, from, to);
    List<String> mayHave = minuteSlots(ns, name, from.minusSeconds(120), to.plusSeconds(120));
    assertThat(made).as("%s: a backup for every minute slot", name).containsAll(mustHave);
    assertThat(mayHave).as("%s: slots it may have backed up", name).containsAll(made);
    assertThat(made).as("%s: backups made twice", name).doesNotHaveDuplicates();
    return mustHave.size();
  }

  /** The names of the minute slots in [from, to], from the cron and the clock. */
  static List<String> minuteSlots(String ns, String name, Instant from, Instant to) {
    List<String> slots = new ArrayList<>();
    Instant slot = from.truncatedTo(ChronoUnit.MINUTES);
    if (slot.isBefore(from)) {
      slot = slot.plusSeconds(60);
    }
    for (; !slot.isAfter(to); slot = slot.plusSeconds(60)) {
      slots.add(TestCluster.backupName(ns, name, slot));
    }
    return slots;
  }
}
