package io.ddbbackup.operator.retention;

import static io.ddbbackup.operator.retention.Backups.NOW;
import static io.ddbbackup.operator.retention.Backups.ORDERS;
import static io.ddbbackup.operator.retention.Backups.TABLE;
import static io.ddbbackup.operator.retention.Backups.foreign;
import static io.ddbbackup.operator.retention.Backups.owned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Retention only ever prunes backups the schedule made; the table holds others too. */
class OwnershipTest {

  static Stream<Arguments> foreignBackups() {
    return Stream.of(
        arguments(
            "a hand-made backup with a free name",
            foreign("orders-manual", TABLE, BackupType.USER)),
        arguments(
            "a hand-made backup with a date-like name",
            foreign("orders-20260101", TABLE, BackupType.USER)),
        arguments(
            "an AWS Backup backup whose name matches the pattern",
            foreign("orders-20260101T000000Z", TABLE, BackupType.AWS_BACKUP)),
        arguments(
            "a SYSTEM backup whose name matches the pattern",
            foreign("orders-20260101T000000Z", TABLE, BackupType.SYSTEM)),
        arguments(
            "a backup of another table with a matching name",
            foreign("orders-20260101T000000Z", "customers", BackupType.USER)),
        arguments(
            "a backup of another schedule whose prefix starts with this one's",
            foreign("orders-hourly-20260101T000000Z", TABLE, BackupType.USER)),
        arguments(
            "a backup whose timestamp has a lower-case zone letter",
            foreign("orders-20260101T000000z", TABLE, BackupType.USER)),
        arguments(
            "a backup whose name only starts like one of ours",
            foreign("orders-20260101T000000Z-copy", TABLE, BackupType.USER)),
        arguments(
            "a backup whose name carries an impossible date",
            foreign("orders-20260230T000000Z", TABLE, BackupType.USER)));
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        arguments("keepLast 1", new RetentionPolicy(1, null, null, null, null)),
        arguments("maxAge 1s", new RetentionPolicy(null, Duration.ofSeconds(1), null, null, null)),
        arguments("keepDaily 1", new RetentionPolicy(null, null, 1, null, null)),
        arguments("keepMonthly 1", new RetentionPolicy(null, null, null, null, 1)));
  }

  static Stream<Arguments> foreignBackupsUnderEveryPolicy() {
    return foreignBackups()
        .flatMap(
            backup ->
                policies()
                    .map(
                        policy ->
                            arguments(
                                backup.get()[0] + " is never pruned under " + policy.get()[0],
                                backup.get()[1],
                                policy.get()[1])));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignBackupsUnderEveryPolicy")
  void neverPrunesABackupTheScheduleDidNotMake(
      String sentence, Backup foreign, RetentionPolicy policy) {
    List<Backup> backups =
        List.of(owned("2026-03-13T03:00:00Z"), foreign, owned("2026-03-14T03:00:00Z"));

    PruneDecision decision =
        Retention.decide(policy, ORDERS, TABLE, backups, ZoneId.of("Europe/Berlin"), NOW);

    assertThat(decision.prune()).containsExactly(owned("2026-03-13T03:00:00Z"));
    assertThat(decision.owned()).doesNotContain(foreign);
    assertThat(decision.keep()).doesNotContain(foreign);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void inASharedTableOnlyTheSchedulesOwnBackupsArePruned(String sentence, RetentionPolicy policy) {
    List<Backup> ours =
        List.of(
            owned("2026-01-01T00:00:00Z"),
            owned("2026-02-01T00:00:00Z"),
            owned("2026-03-01T00:00:00Z"),
            owned("2026-03-14T00:00:00Z"));
    List<Backup> table = new ArrayList<>(ours);
    foreignBackups().map(arguments -> (Backup) arguments.get()[1]).forEach(table::add);

    PruneDecision decision = Retention.decide(policy, ORDERS, TABLE, table, ZoneId.of("UTC"), NOW);

    assertThat(decision.owned()).containsExactlyInAnyOrderElementsOf(ours);
    assertThat(ours).containsAll(decision.prune());
    assertThat(decision.prune()).isNotEmpty();
  }
}
