package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.VerificationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Restore drills (spec.verify) on the real API server and moto: the judge is moto's tables (no
 * scratch table may outlive a drill), moto's backups, and the items the test wrote.
 */
class DrillIT extends E2eEnvironment {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void aDrillRestoresTheNewestBackupPassesAndLeavesNoScratchTable() {
    putItems("a", "b", "c");
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        immediate: true
        verify:
          schedule: "* * * * *"
          sampleKeys:
            - {id: b}
        """);

    VerificationStatus v = awaitDrill("nightly", "Passed");

    List<String> backups = backupsOf("nightly");
    assertThat(backups).hasSize(1);
    assertThat(v.getLastVerifiedBackupName()).isEqualTo(backups.get(0));
    assertThat(v.getLastPassedBackupName()).isEqualTo(backups.get(0));
    assertThat(v.getLastRestoreSeconds()).isNotNull().isNotNegative();
    assertThat(v.getLastVerifyMessage()).contains("3 items (source 3)");
    assertThat(scratchTables()).isEmpty();
    Condition verified = condition("nightly", "Verified");
    assertThat(verified.getStatus()).isEqualTo("True");
    assertThat(operator.scrapeMetrics())
        .contains("ddbbackup_drills_total{")
        .contains("result=\"Passed\"");
  }

  @Test
  void aSampleKeyThatDoesNotExistFailsTheDrillNamingTheKeyAndLeavesNoScratchTable() {
    putItems("a", "b");
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        immediate: true
        verify:
          schedule: "* * * * *"
          sampleKeys:
            - {id: no-such-order}
        """);

    VerificationStatus v = awaitDrill("nightly", "Failed");

    assertThat(v.getLastVerifyMessage()).contains("sample key {id=no-such-order} is missing");
    assertThat(condition("nightly", "Verified").getStatus()).isEqualTo("False");
    assertThat(condition("nightly", "Ready").getStatus())
        .as("a failed drill is not a failed schedule")
        .isEqualTo("True");
    assertThat(scratchTables()).isEmpty();
  }

  @Test
  void anOperatorKilledInTheMiddleOfADrillLeavesNoScratchTableOnceItIsBack() {
    putItems("a");
    int restoresBefore = gate.forwarded("RestoreTableFromBackup");
    gate.hold("RestoreTableFromBackup");
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        immediate: true
        verify:
          schedule: "* * * * *"
        """);
    CreateBackupGate.Held call = gate.awaitHeld(Duration.ofSeconds(120));
    assertThat(schedule("nightly").getStatus().getVerification().getDrill())
        .as("the drill's start is recorded before its restore call")
        .isNotNull();

    operator.kill();
    gate.pass();
    call.deliver(); // the scratch table is made; the answer dies with the process
    await("the scratch table the in-flight call made")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !scratchTables().isEmpty());
    operator.start();

    VerificationStatus v = awaitDrill("nightly", "Passed");
    assertThat(scratchTables()).isEmpty();
    assertThat(gate.forwarded("RestoreTableFromBackup") - restoresBefore)
        .as("restore calls that reached moto: the held one, and no second")
        .isEqualTo(1);
    assertThat(v.getLastVerifiedBackupName()).isEqualTo(backupsOf("nightly").get(0));
  }

  @Test
  void scheduledBackupsKeepTheirSlotsWhileDrillsRun() {
    putItems("a", "b");
    Instant created = Instant.now();
    apply(
        "minutely",
        """
        tableName: orders
        schedule: "* * * * *"
        verify:
          schedule: "* * * * *"
        """);
    Instant firstSlot = created.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    Instant thirdSlot = firstSlot.plusSeconds(120);

    await("three minute slots backed up (operator log " + operator.log() + ")")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                backupsOf("minutely").contains(prefix("minutely") + "-" + STAMP.format(thirdSlot)));

    List<String> missing = new ArrayList<>();
    for (Instant slot = firstSlot; !slot.isAfter(thirdSlot); slot = slot.plusSeconds(60)) {
      if (!backupsOf("minutely").contains(prefix("minutely") + "-" + STAMP.format(slot))) {
        missing.add(STAMP.format(slot));
      }
    }
    assertThat(missing).as("minute slots without a backup while drills ran").isEmpty();
    assertThat(cluster.duplicates(ns)).isEmpty();
    assertThat(schedule("minutely").getStatus().getVerification().getLastVerifiedTime())
        .as("drills ran meanwhile")
        .isNotNull();
  }

  // ---- helpers ----

  private VerificationStatus awaitDrill(String name, String result) {
    DynamoDBBackupSchedule done =
        awaitSchedule(
            name,
            Duration.ofMinutes(4),
            "a drill ended " + result + " (operator log " + operator.log() + ")",
            s ->
                s.getStatus().getVerification() != null
                    && result.equals(s.getStatus().getVerification().getLastVerifyResult()));
    return done.getStatus().getVerification();
  }

  private Condition condition(String name, String type) {
    return schedule(name).getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static void putItems(String... ids) {
    for (String id : ids) {
      moto.dynamoDb().putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id))));
    }
  }

  private static List<String> scratchTables() {
    return moto.dynamoDb().listTablesPaginator().tableNames().stream()
        .filter(t -> t.startsWith("ddbbackup-drill-"))
        .toList();
  }
}
