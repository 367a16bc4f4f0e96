package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.Conditions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status as values: read and written in one place, and nothing lost on the way. */
class ScheduleStateTest {

  @Test
  void aStatusReadAndWrittenBackIsTheSameStatus() {
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setObservedGeneration(4L);
    status.setLastScheduleTime("2026-03-02T03:00:00Z");
    status.setNextScheduleTime("2026-03-03T03:00:00Z");
    status.setLastBackupName("shop-orders-20260302T030000Z");
    status.setLastBackupArn("arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/1");
    status.setLastBackupStatus("AVAILABLE");
    status.setLastSuccessfulTime("2026-03-02T03:00:09Z");
    status.setBackupCount(7);
    status.setCreatedCount(12L);
    status.setPrunedCount(5L);
    status.setMissedCount(1L);
    status.setConsecutiveFailures(0);
    status.setLastManualTrigger("1709348400");
    status.setConditions(
        Conditions.withReady(
            status.getConditions(),
            ReadyReason.SCHEDULED,
            "Next backup at 2026-03-03T03:00:00Z",
            4L,
            Instant.parse("2026-03-02T03:00:09Z")));

    assertThat(ScheduleState.of(status).toStatus()).isEqualTo(status);
  }

  @Test
  void aSlotRecordedBeforeCreateBackupSaysCreatingWithoutAnArn() {
    ScheduleState recorded =
        ScheduleState.of(null)
            .with(s -> s.lastBackup = SlotRecord.recorded("shop-orders-20260302T030000Z"));

    DynamoDBBackupScheduleStatus written = recorded.toStatus();

    assertThat(written.getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(written.getLastBackupArn()).isNull();
    assertThat(ScheduleState.of(written).lastBackup().phase()).isEqualTo(BackupPhase.RECORDED);
    assertThat(ScheduleState.of(written).backupInFlight()).isTrue();
  }

  @Test
  void aGivenUpSlotIsFailedWithoutAnArnAndNotInFlight() {
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setLastBackupName("shop-orders-20260302T030000Z");
    status.setLastBackupStatus("FAILED");

    ScheduleState state = ScheduleState.of(status);

    assertThat(state.lastBackup().phase()).isEqualTo(BackupPhase.FAILED);
    assertThat(state.backupInFlight()).isFalse();
  }

  @Test
  void aHandEditedTimeThatDoesNotParseCountsAsAbsent() {
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setLastScheduleTime("yesterday");

    assertThat(ScheduleState.of(status).lastScheduleTime()).isNull();
  }

  @Test
  void timesAreKeptToWholeSecondsSoAValueReadBackEqualsTheValueWritten() {
    ScheduleState state =
        ScheduleState.of(null)
            .with(s -> s.lastSuccessfulTime = Instant.parse("2026-03-02T03:00:09.734Z"));

    assertThat(state.toStatus().getLastSuccessfulTime()).isEqualTo("2026-03-02T03:00:09Z");
    assertThat(ScheduleState.of(state.toStatus())).isEqualTo(state);
  }
}
