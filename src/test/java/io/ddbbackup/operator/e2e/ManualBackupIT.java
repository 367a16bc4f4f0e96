package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The backup-now annotation takes one backup per new value, outside the cron schedule. */
class ManualBackupIT extends E2eEnvironment {

  @Test
  void eachNewBackupNowValueTakesExactlyOneMoreBackup() {
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 * * *"
        """);
    awaitSchedule(
        "nightly", Duration.ofSeconds(30), "Ready=True", s -> isReady(s, "True", "Scheduled"));
    assertThat(backupsOf("nightly")).isEmpty();

    backupNow("nightly", "first");
    await("one backup after backup-now=first")
        .atMost(Duration.ofSeconds(30))
        .until(() -> backupsOf("nightly").size() == 1);
    var afterFirst =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(30),
            "lastManualTrigger=first",
            s ->
                "first".equals(s.getStatus().getLastManualTrigger())
                    && isReady(s, "True", "Scheduled"));
    assertThat(afterFirst.getStatus().getLastBackupName()).isEqualTo(backupsOf("nightly").get(0));

    // a manual backup is named after the second it was taken in: let that second pass
    Instant taken = Instant.now();
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> Instant.now().getEpochSecond() > taken.getEpochSecond());
    backupNow("nightly", "second");
    await("two backups after backup-now=second")
        .atMost(Duration.ofSeconds(30))
        .until(() -> backupsOf("nightly").size() == 2);

    // a spec change reconciles again with the same annotation value: no third backup
    mergePatch("nightly", "{\"spec\":{\"startingDeadlineSeconds\":3600}}");
    var settled =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(30),
            "generation 2 observed",
            s -> Long.valueOf(2).equals(s.getStatus().getObservedGeneration()));
    assertThat(backupsOf("nightly")).hasSize(2);
    assertThat(settled.getStatus().getLastManualTrigger()).isEqualTo("second");
    assertThat(settled.getStatus().getCreatedCount()).isEqualTo(2L);
    assertThat(settled.getStatus().getBackupCount()).isEqualTo(2);
  }
}
