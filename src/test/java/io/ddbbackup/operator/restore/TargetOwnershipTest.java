package io.ddbbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether an existing table is the one a restore made: values in, a yes or no out. */
class TargetOwnershipTest {

  private static final String BACKUP = "arn:aws:dynamodb:eu-west-1:1:table/orders/backup/1";
  private static final String OTHER_BACKUP = "arn:aws:dynamodb:eu-west-1:1:table/orders/backup/2";
  private static final String SOURCE_TABLE = "arn:aws:dynamodb:eu-west-1:1:table/orders";
  private static final Instant STARTED = Instant.parse("2026-03-02T03:00:00Z");
  private static final TargetOwnership.Expected FROM_BACKUP =
      TargetOwnership.Expected.ofRestore(BACKUP, null, "uid-1", STARTED);

  @Test
  void aTableTaggedWithOurUidAndRestoredFromOurBackupIsOurs() {
    assertThat(
            TargetOwnership.ours(
                restored(BACKUP, null, STARTED.minusSeconds(3600)), tag("uid-1"), FROM_BACKUP))
        .isTrue();
  }

  @Test
  void anotherResourcesTagMakesItTheirsWhateverElseMatches() {
    assertThat(
            TargetOwnership.ours(
                restored(BACKUP, null, STARTED.plusSeconds(1)), tag("uid-2"), FROM_BACKUP))
        .isFalse();
  }

  @Test
  void anUntaggedTableFromOurBackupIsOursOnlyWhenMadeAfterWeRecordedTheStart() {
    assertThat(
            TargetOwnership.ours(
                restored(BACKUP, null, STARTED.plusSeconds(2)), Map.of(), FROM_BACKUP))
        .isTrue();
    assertThat(
            TargetOwnership.ours(
                restored(BACKUP, null, STARTED.minusSeconds(3600)), Map.of(), FROM_BACKUP))
        .isFalse();
    assertThat(
            TargetOwnership.ours(
                restored(BACKUP, null, STARTED.plusSeconds(2)),
                Map.of(),
                TargetOwnership.Expected.ofRestore(BACKUP, null, "uid-1", null)))
        .as("never recorded a start: nothing untagged can be ours")
        .isFalse();
  }

  @Test
  void aTableFromAnotherSourceOrCreatedByHandIsNeverOurs() {
    assertThat(
            TargetOwnership.ours(
                restored(OTHER_BACKUP, null, STARTED.plusSeconds(2)), tag("uid-1"), FROM_BACKUP))
        .isFalse();
    Table created =
        new Table(
            "t",
            "arn:t",
            "ACTIVE",
            STARTED.plusSeconds(2),
            null,
            0,
            0,
            List.of(),
            List.of(),
            List.of(),
            Map.of());
    assertThat(TargetOwnership.ours(created, tag("uid-1"), FROM_BACKUP)).isFalse();
  }

  @Test
  void aPointInTimeRestoreIsMatchedOnItsSourceTableAndNotOnABackup() {
    var pointInTime = TargetOwnership.Expected.ofRestore(null, SOURCE_TABLE, "uid-1", STARTED);
    assertThat(
            TargetOwnership.ours(
                restored(null, SOURCE_TABLE, STARTED.plusSeconds(2)), Map.of(), pointInTime))
        .isTrue();
    assertThat(
            TargetOwnership.ours(
                restored(BACKUP, SOURCE_TABLE, STARTED.plusSeconds(2)), Map.of(), pointInTime))
        .as("restored from a backup of that table, not from its point in time")
        .isFalse();
  }

  private static Map<String, String> tag(String uid) {
    return Map.of(TargetOwnership.OWNER_TAG, uid);
  }

  private static Table restored(String backupArn, String tableArn, Instant createdAt) {
    return new Table(
        "orders-restored",
        "arn:aws:dynamodb:eu-west-1:1:table/orders-restored",
        "ACTIVE",
        createdAt,
        new Table.RestoreSummary(
            backupArn, tableArn != null ? tableArn : SOURCE_TABLE, null, false),
        0,
        0,
        List.of(),
        List.of(),
        List.of(),
        Map.of());
  }
}
