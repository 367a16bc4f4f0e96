package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention deletes only what the schedule owns: names of exactly its prefix and a timestamp. */
class RetentionIT extends E2eEnvironment {

  @Test
  void keepLastPrunesTheSchedulesOlderBackupButNeverOneMadeByHandOrByAnotherSchedule() {
    String byHand = "orders-before-migration";
    String otherSchedule = prefix("nightly-copy") + "-20250101T030000Z";
    moto.createBackup(TABLE, byHand);
    moto.createBackup(TABLE, otherSchedule);

    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 * * *"
        immediate: true
        retention:
          keepLast: 1
        """);
    await("the immediate backup")
        .atMost(Duration.ofSeconds(30))
        .until(() -> backupsOf("nightly").contains(nameOfLastBackup("nightly")));
    String first = nameOfLastBackup("nightly");

    backupNow("nightly", "1");

    var pruned =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(30),
            "the first backup pruned after the second",
            s -> Long.valueOf(1).equals(s.getStatus().getPrunedCount()));
    String second = pruned.getStatus().getLastBackupName();
    assertThat(second).isNotEqualTo(first);
    assertThat(pruned.getStatus().getBackupCount()).isEqualTo(1);
    assertThat(moto.backupNames(TABLE))
        .as("what moto holds now")
        .containsExactlyInAnyOrder(byHand, otherSchedule, second);
  }

  /**
   * keepLast 3 holds against what moto has, not against what the operator remembers: the newest
   * kept backup deleted by hand, the next backup leaves exactly three real backups.
   */
  @Test
  void keepLastCountsOnlyBackupsThatExistABackupDeletedByHandIsNotKeptInPlaceOfOne() {
    apply(
        "hourly",
        """
        tableName: orders
        schedule: "0 3 * * *"
        immediate: true
        retention:
          keepLast: 3
        """);
    awaitAvailable("hourly", 1); // the immediate one
    backupNow("hourly", "1");
    awaitAvailable("hourly", 2);
    backupNow("hourly", "2");
    String third = awaitAvailable("hourly", 3);
    List<String> before = ownBackups("hourly");
    assertThat(before).hasSize(3).contains(third);
    moto.dynamoDb()
        .deleteBackup(
            r ->
                r.backupArn(
                    moto.backups(TABLE).stream()
                        .filter(b -> b.backupName().equals(third))
                        .findFirst()
                        .orElseThrow()
                        .backupArn()));

    backupNow("hourly", "3");
    String fourth = awaitAvailable("hourly", 4);

    List<String> expected = new ArrayList<>(before);
    expected.remove(third);
    expected.add(fourth);
    assertThat(ownBackups("hourly"))
        .as("the schedule's backups moto holds: none pruned in place of the one deleted by hand")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(schedule("hourly").getStatus().getBackupCount()).isEqualTo(3);
  }

  /** Waits until the schedule's newest backup is AVAILABLE and it has made {@code made} in all. */
  private String awaitAvailable(String name, int made) {
    var s =
        awaitSchedule(
            name,
            Duration.ofSeconds(60),
            "backup number " + made + " AVAILABLE",
            r ->
                r.getStatus() != null
                    && "AVAILABLE".equals(r.getStatus().getLastBackupStatus())
                    && r.getStatus().getCreatedCount() != null
                    && r.getStatus().getCreatedCount() >= made);
    return s.getStatus().getLastBackupName();
  }

  /** The backups of moto's table that carry the schedule's prefix. */
  private List<String> ownBackups(String name) {
    return moto.backupNames(TABLE).stream().filter(n -> n.startsWith(prefix(name) + "-")).toList();
  }

  private String nameOfLastBackup(String name) {
    var schedule = schedule(name);
    return schedule == null || schedule.getStatus() == null
        ? null
        : schedule.getStatus().getLastBackupName();
  }
}
