package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.restore.ContinuousBackups;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** status.recovery's arithmetic: the newest recovery point, its age, the retained size. */
class RecoveryTest {

  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void theRecoveryPointIsTheLaterOfPitrsLatestRestorableTimeAndTheNewestBackup() {
    Instant backup = Instant.parse("2026-03-02T03:00:00Z");
    Instant latest = Instant.parse("2026-03-02T11:55:00Z");
    Recovery withBackup = Recovery.NONE.retained(List.of(available(backup, 10)), NOW);

    Recovery on =
        withBackup.checked(
            new ContinuousBackups("ENABLED", 35, Instant.parse("2026-02-01T00:00:00Z"), latest),
            NOW);
    Recovery off = withBackup.checked(new ContinuousBackups("DISABLED", null, null, null), NOW);

    assertThat(on.recoveryPoint()).isEqualTo(latest);
    assertThat(on.ageSeconds()).isEqualTo(300);
    assertThat(off.recoveryPoint()).isEqualTo(backup);
    assertThat(off.ageSeconds()).isEqualTo(9 * 3600);
    assertThat(off.earliest()).as("no window while off").isNull();
  }

  @Test
  void theRetainedSizeSumsEveryOwnedBackupAndASizeNotReportedYetCountsZero() {
    List<Backup> owned =
        List.of(
            available(Instant.parse("2026-03-01T03:00:00Z"), 1_000),
            available(Instant.parse("2026-03-02T03:00:00Z"), 2_500),
            new Backup("arn:c", "c", "orders", NOW, BackupStatus.CREATING, BackupType.USER, -1));

    Recovery r = Recovery.NONE.retained(owned, NOW);

    assertThat(r.retainedBytes()).isEqualTo(3_500);
    assertThat(r.newestBackup())
        .as("a CREATING backup is no recovery point yet")
        .isEqualTo(Instant.parse("2026-03-02T03:00:00Z"));
  }

  @ParameterizedTest(name = "{0} bytes read {1}")
  @CsvSource({
    "0, 0 B",
    "1023, 1023 B",
    "1024, 1 KiB",
    "1536, 1.5 KiB",
    "1073741824, 1 GiB",
    "1610612736, 1.5 GiB",
    "214748364800, 200 GiB"
  })
  void retainedBytesReadForPeopleInBinaryUnits(long bytes, String text) {
    assertThat(Recovery.bytes(bytes)).isEqualTo(text);
  }

  private static Backup available(Instant at, long size) {
    return new Backup(
        "arn:" + at,
        "b" + at.getEpochSecond(),
        "orders",
        at,
        BackupStatus.AVAILABLE,
        BackupType.USER,
        size);
  }
}
