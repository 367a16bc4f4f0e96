package io.ddbbackup.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
  void anOperatorKilledAfterCreateBackupButBeforeRecordingItsArnAdoptsThatBackup() {
    operator.kill();
    Instant slot = lastThreeOClock();
    String name = prefix("nightly") + "-" + STAMP.format(slot);
    apply("nightly", "tableName: orders\nschedule: \"0 3 * * *\"\n");
    recordSlotWithoutArn("nightly", slot, name);
    // the CreateBackup that went through before the crash; its response never reached status
    String arn = moto.createBackup(TABLE, name);

    operator.start();

    var adopted =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(60),
            "the backup adopted with its ARN",
            s -> arn.equals(s.getStatus().getLastBackupArn()) && isReady(s, "True", "Scheduled"));
    assertThat(moto.backupNames(TABLE)).containsExactly(name);
    assertThat(adopted.getStatus().getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(operator.logText()).contains("adopting backup " + name);
  }

  @Test
  void anOperatorKilledAfterRecordingASlotButBeforeCreateBackupTakesThatBackupOnceOnRestart() {
    operator.kill();
    Instant slot = lastThreeOClock();
    String name = prefix("nightly") + "-" + STAMP.format(slot);
    apply("nightly", "tableName: orders\nschedule: \"0 3 * * *\"\n");
    recordSlotWithoutArn("nightly", slot, name);

    operator.start();

    var created =
        awaitSchedule(
            "nightly",
            Duration.ofSeconds(60),
            "the recorded slot's backup created",
            s -> s.getStatus().getLastBackupArn() != null && isReady(s, "True", "Scheduled"));
    assertThat(moto.backupNames(TABLE)).containsExactly(name);
    assertThat(created.getStatus().getLastBackupArn())
        .isEqualTo(moto.backups(TABLE).get(0).backupArn());
    assertThat(created.getStatus().getCreatedCount()).isEqualTo(1L);
  }

  /** What the operator writes just before CreateBackup: the slot and its name, no ARN yet. */
  private void recordSlotWithoutArn(String scheduleName, Instant slot, String backupName) {
    DynamoDBBackupSchedule schedule = schedule(scheduleName);
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setObservedGeneration(schedule.getMetadata().getGeneration());
    status.setLastScheduleTime(slot.toString());
    status.setLastBackupName(backupName);
    schedule.setStatus(status);
    schedules().inNamespace(ns).resource(schedule).updateStatus();
  }

  /** The newest 03:00 UTC slot that has passed. */
  private static Instant lastThreeOClock() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    ZonedDateTime today = now.with(LocalTime.of(3, 0));
    return (today.isAfter(now) ? today.minusDays(1) : today)
        .toInstant()
        .truncatedTo(ChronoUnit.SECONDS);
  }
}
