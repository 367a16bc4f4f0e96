package io.ddbbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which backup a source names, from what ListBackups returned. */
class SourcePickTest {

  private static final BackupName NIGHTLY = new BackupName("shop-nightly");
  private static final Instant T = Instant.parse("2026-03-02T03:00:00Z");

  @Test
  void theLatestOwnedIsTheNewestAvailableUserBackupOfTheTableNamedByTheRule() {
    Backup old = b(NIGHTLY.forSlot(T), "orders", T, BackupStatus.AVAILABLE, BackupType.USER);
    Backup newest =
        b(
            NIGHTLY.forSlot(T.plusSeconds(86400)),
            "orders",
            T.plusSeconds(86400),
            BackupStatus.AVAILABLE,
            BackupType.USER);
    List<Backup> listed =
        List.of(
            old,
            newest,
            b(
                NIGHTLY.forSlot(T.plusSeconds(2 * 86400)),
                "orders",
                T.plusSeconds(2 * 86400),
                BackupStatus.CREATING,
                BackupType.USER),
            b(
                NIGHTLY.forSlot(T.plusSeconds(3 * 86400)),
                "users",
                T.plusSeconds(3 * 86400),
                BackupStatus.AVAILABLE,
                BackupType.USER),
            b(
                "shop-nightly-by-hand",
                "orders",
                T.plusSeconds(4 * 86400),
                BackupStatus.AVAILABLE,
                BackupType.USER),
            b(
                NIGHTLY.forSlot(T.plusSeconds(5 * 86400)),
                "orders",
                T.plusSeconds(5 * 86400),
                BackupStatus.AVAILABLE,
                BackupType.AWS_BACKUP));

    assertThat(SourcePick.latestOwned(listed, NIGHTLY, "orders")).contains(newest);
  }

  @Test
  void noOwnedAvailableBackupIsNone() {
    assertThat(
            SourcePick.latestOwned(
                List.of(b("orders-by-hand", "orders", T, BackupStatus.AVAILABLE, BackupType.USER)),
                NIGHTLY,
                "orders"))
        .isEmpty();
  }

  @Test
  void aNameBorneByTwoBackupsListsBothAndSaysHowToChoose() {
    Backup a = b("x", "orders", T, BackupStatus.AVAILABLE, BackupType.USER);
    Backup c = b("x", "users", T.plusSeconds(1), BackupStatus.AVAILABLE, BackupType.USER);

    SourcePick.Named named = SourcePick.named(List.of(c, a), "x");

    assertThat(named.backup()).isNull();
    assertThat(named.problem())
        .isEqualTo(
            "2 backups are named \"x\": %s (table orders), %s (table users); set"
                    .formatted(a.arn(), c.arn())
                + " spec.source.backupArn to the one to restore");
  }

  private static Backup b(
      String name, String table, Instant at, BackupStatus status, BackupType type) {
    return new Backup(
        "arn:aws:dynamodb:eu-west-1:1:table/%s/backup/%d-%s"
            .formatted(table, at.toEpochMilli(), name),
        name,
        table,
        at,
        status,
        type,
        1);
  }
}
