package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
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

    Instant taken = Instant.now();
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> Instant.now().getEpochSecond() > taken.getEpochSecond());
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

  private String nameOfLastBackup(String name) {
    var schedule = schedule(name);
    return schedule == null || schedule.getStatus() == null
        ? null
        : schedule.getStatus().getLastBackupName();
  }
}
