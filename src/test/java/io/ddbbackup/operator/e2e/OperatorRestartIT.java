package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Exactly once per slot across a crash: the operator is killed like kill -9 (no shutdown hook) and
 * started again, and moto is counted by backup name.
 */
class OperatorRestartIT extends E2eEnvironment {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void anOperatorKilledRightAfterASlotsBackupAndRestartedTakesNoSecondBackupOfThatSlot() {
    apply("every-minute", "tableName: orders\nschedule: \"* * * * *\"\n");
    await("the first slot's backup; operator log " + operator.log())
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !backupsOf("every-minute").isEmpty());
    String first = backupsOf("every-minute").get(0);

    operator.kill();
    operator.start();

    await("the next slot's backup after the restart; operator log " + operator.log())
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> backupsOf("every-minute").size() >= 2);
    Map<String, Long> byName =
        backupsOf("every-minute").stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(byName.get(first)).as("backups named " + first).isEqualTo(1L);
    assertThat(byName.values()).as("backups per slot name").containsOnly(1L);
    List<Instant> slots =
        byName.keySet().stream()
            .sorted()
            .map(n -> Instant.from(STAMP.parse(n.substring(n.length() - 16))))
            .toList();
    assertThat(Duration.between(slots.get(0), slots.get(1))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anOperatorKilledWhileItsCreateBackupIsInFlightAdoptsTheBackupWhenTheCallHadLanded() {
    CreateBackupGate.Held call = killWithCreateBackupInFlight("landed");
    call.deliver(); // it reached AWS; the answer died with the process
    await("the in-flight backup in moto")
        .atMost(Duration.ofSeconds(30))
        .until(() -> backupsOf("landed").size() == 1);
    String arn = moto.backups(TABLE).get(0).backupArn();

    operator.start();

    var adopted =
        awaitSchedule(
            "landed",
            Duration.ofSeconds(60),
            "the backup adopted with its ARN",
            s -> arn.equals(s.getStatus().getLastBackupArn()) && isReady(s, "True", "Scheduled"));
    assertThat(moto.backupNames(TABLE)).containsExactly(call.backupName());
    assertThat(adopted.getStatus().getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(adopted.getStatus().getCreatedCount()).isEqualTo(1L);
    assertThat(operator.logText()).contains("adopting backup " + call.backupName());
  }

  @Test
  void anOperatorKilledWhileItsCreateBackupIsInFlightTakesTheBackupOnceWhenTheCallWasLost() {
    CreateBackupGate.Held call = killWithCreateBackupInFlight("lost");
    call.drop();
    assertThat(backupsOf("lost")).isEmpty();

    operator.start();

    var created =
        awaitSchedule(
            "lost",
            Duration.ofSeconds(60),
            "the recorded slot's backup created",
            s -> s.getStatus().getLastBackupArn() != null && isReady(s, "True", "Scheduled"));
    assertThat(moto.backupNames(TABLE)).containsExactly(call.backupName());
    assertThat(created.getStatus().getLastBackupArn())
        .isEqualTo(moto.backups(TABLE).get(0).backupArn());
    assertThat(created.getStatus().getCreatedCount()).isEqualTo(1L);
  }

  /**
   * Starts a schedule whose first backup is due at once, holds its CreateBackup at the gate, checks
   * that the slot was recorded on the API server before the call, and kills the operator there.
   */
  private CreateBackupGate.Held killWithCreateBackupInFlight(String name) {
    gate.hold();
    apply(name, "tableName: orders\nschedule: \"0 3 * * *\"\nimmediate: true\n");
    CreateBackupGate.Held call = gate.awaitHeld(Duration.ofSeconds(30));
    assertThat(call.backupName()).startsWith(prefix(name) + "-");
    DynamoDBBackupScheduleStatus recorded = schedule(name).getStatus();
    assertThat(recorded.getLastBackupName()).isEqualTo(call.backupName());
    assertThat(recorded.getLastBackupArn()).isNull();
    assertThat(recorded.getLastScheduleTime()).isNotNull();

    operator.kill();
    gate.pass();
    return call;
  }
}
