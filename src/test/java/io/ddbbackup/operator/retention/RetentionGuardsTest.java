package io.ddbbackup.operator.retention;

import static io.ddbbackup.operator.backup.BackupStatus.AVAILABLE;
import static io.ddbbackup.operator.backup.BackupStatus.CREATING;
import static io.ddbbackup.operator.backup.BackupStatus.DELETED;
import static io.ddbbackup.operator.backup.BackupStatus.FAILED;
import static io.ddbbackup.operator.retention.Backups.NOW;
import static io.ddbbackup.operator.retention.Backups.ORDERS;
import static io.ddbbackup.operator.retention.Backups.TABLE;
import static io.ddbbackup.operator.retention.Backups.createdAts;
import static io.ddbbackup.operator.retention.Backups.owned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The guards that hold whatever the policy says. */
class RetentionGuardsTest {

  private static final RetentionPolicy KEEP_LAST_ONE =
      new RetentionPolicy(1, null, null, null, null);
  private static final RetentionPolicy KEEP_LAST_TWO =
      new RetentionPolicy(2, null, null, null, null);

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("no backups at all decides nothing", KEEP_LAST_ONE, List.of(), List.of(), null),
        arguments(
            "without any rule every backup is kept",
            RetentionPolicy.keepAll(),
            List.of(owned("2026-03-13T03:00:00Z"), owned("2026-03-14T03:00:00Z")),
            List.of(),
            null),
        arguments(
            "a newest backup still CREATING blocks all pruning",
            KEEP_LAST_ONE,
            List.of(
                owned("2026-03-12T03:00:00Z"),
                owned("2026-03-13T03:00:00Z"),
                owned("2026-03-14T03:00:00Z", CREATING)),
            List.of(),
            "the newest backup orders-20260314T030000Z is CREATING, so nothing is pruned until a"
                + " newer backup is AVAILABLE"),
        arguments(
            "a newest backup that FAILED blocks all pruning",
            KEEP_LAST_ONE,
            List.of(
                owned("2026-03-12T03:00:00Z"),
                owned("2026-03-13T03:00:00Z"),
                owned("2026-03-14T03:00:00Z", FAILED)),
            List.of(),
            "the newest backup orders-20260314T030000Z is FAILED, so nothing is pruned until a"
                + " newer backup is AVAILABLE"),
        arguments(
            "an older backup still CREATING is kept while the others are pruned",
            KEEP_LAST_ONE,
            List.of(
                owned("2026-03-12T03:00:00Z"),
                owned("2026-03-13T03:00:00Z", CREATING),
                owned("2026-03-14T03:00:00Z")),
            List.of("2026-03-12T03:00:00Z"),
            null),
        arguments(
            "an older FAILED backup does not take the place of a restorable one",
            KEEP_LAST_TWO,
            List.of(
                owned("2026-03-11T03:00:00Z"),
                owned("2026-03-12T03:00:00Z"),
                owned("2026-03-13T03:00:00Z", FAILED),
                owned("2026-03-14T03:00:00Z")),
            List.of("2026-03-11T03:00:00Z"),
            null),
        arguments(
            "a DELETED newest backup neither blocks pruning nor is pruned again",
            KEEP_LAST_ONE,
            List.of(
                owned("2026-03-12T03:00:00Z"),
                owned("2026-03-13T03:00:00Z"),
                owned("2026-03-14T03:00:00Z", DELETED)),
            List.of("2026-03-12T03:00:00Z"),
            null),
        arguments(
            "the newest AVAILABLE backup survives the shortest maxAge",
            new RetentionPolicy(null, Duration.ofSeconds(1), null, null, null),
            List.of(owned("2026-01-01T03:00:00Z"), owned("2026-01-02T03:00:00Z")),
            List.of("2026-01-01T03:00:00Z"),
            null),
        arguments(
            "a backup listed twice is decided once",
            KEEP_LAST_ONE,
            List.of(
                owned("2026-03-13T03:00:00Z"),
                owned("2026-03-13T03:00:00Z"),
                owned("2026-03-14T03:00:00Z")),
            List.of("2026-03-13T03:00:00Z"),
            null),
        arguments(
            "a backup listed both CREATING and AVAILABLE is not pruned",
            KEEP_LAST_ONE,
            List.of(
                owned("2026-03-13T03:00:00Z"),
                owned("2026-03-13T03:00:00Z", CREATING),
                owned("2026-03-14T03:00:00Z")),
            List.of(),
            null),
        arguments(
            "a maxAge reaching back before recorded time keeps every backup",
            new RetentionPolicy(null, Duration.ofDays(7 * 100_000_000_000L), null, null, null),
            List.of(owned("2026-01-01T03:00:00Z"), owned("2026-01-02T03:00:00Z")),
            List.of(),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void guardsHold(
      String sentence,
      RetentionPolicy policy,
      List<Backup> backups,
      List<String> prunedOldestFirst,
      String blockedBy) {
    PruneDecision decision = Retention.decide(policy, ORDERS, TABLE, backups, ZoneOffset.UTC, NOW);

    assertThat(createdAts(decision.prune())).containsExactlyElementsOf(prunedOldestFirst);
    assertThat(decision.blockedBy()).isEqualTo(blockedBy);
    assertThat(decision.owned()).noneMatch(b -> b.status() == DELETED);
    assertThat(decision.keep().size() + decision.prune().size()).isEqualTo(decision.owned().size());
  }

  static Stream<Arguments> orders() {
    Random random = new Random(20260315);
    List<Backup> backups = new ArrayList<>();
    for (int day = 1; day <= 28; day++) {
      backups.add(owned("2026-02-%02dT03:00:00Z".formatted(day)));
    }
    // same creation time, different slots: the name decides which is newer
    Instant sameTime = Instant.parse("2026-03-01T03:00:05Z");
    backups.add(
        Backups.backup(
            ORDERS.forSlot(sameTime.minusSeconds(5)), TABLE, BackupType.USER, sameTime, AVAILABLE));
    backups.add(
        Backups.backup(ORDERS.forSlot(sameTime), TABLE, BackupType.USER, sameTime, AVAILABLE));
    return Stream.of(1, 2, 3, 4, 5)
        .map(
            i -> {
              List<Backup> shuffled = new ArrayList<>(backups);
              Collections.shuffle(shuffled, random);
              return arguments("shuffled input #" + i, backups, shuffled);
            });
  }

  @ParameterizedTest(name = "the decision does not depend on the listing order: {0}")
  @MethodSource("orders")
  void newestAndOldestComeFromCreationTimeNotFromInputOrder(
      String sentence, List<Backup> chronological, List<Backup> shuffled) {
    RetentionPolicy policy = new RetentionPolicy(3, null, 5, 2, null);

    PruneDecision expected =
        Retention.decide(policy, ORDERS, TABLE, chronological, ZoneOffset.UTC, NOW);
    PruneDecision actual = Retention.decide(policy, ORDERS, TABLE, shuffled, ZoneOffset.UTC, NOW);

    assertThat(actual).isEqualTo(expected);
    assertThat(actual.owned().get(0).name()).isEqualTo("orders-20260301T030005Z");
    assertThat(actual.prune().get(0).name()).isEqualTo("orders-20260201T030000Z");
  }

  @org.junit.jupiter.api.Test
  void theBackupTheScheduleStartedLastIsNeverPrunedThoughLookAlikesMadeLaterOutrankIt() {
    // two backups named like the schedule's with old slots, but made after its newest one
    Instant made = Instant.parse("2026-03-15T11:00:00Z");
    String lastStarted = ORDERS.forSlot(Instant.parse("2026-03-15T10:59:00Z"));
    List<Backup> backups =
        List.of(
            owned("2026-03-14T03:00:00Z"),
            Backups.backup(lastStarted, TABLE, BackupType.USER, made, AVAILABLE),
            Backups.backup(
                ORDERS.forSlot(Instant.parse("2020-01-01T00:00:00Z")),
                TABLE,
                BackupType.USER,
                made.plusSeconds(5),
                AVAILABLE),
            Backups.backup(
                ORDERS.forSlot(Instant.parse("2020-02-01T00:00:00Z")),
                TABLE,
                BackupType.USER,
                made.plusSeconds(6),
                AVAILABLE));

    PruneDecision byCreationTimeAlone =
        Retention.decide(KEEP_LAST_TWO, ORDERS, TABLE, backups, ZoneOffset.UTC, NOW);
    PruneDecision guarded =
        Retention.decide(
            KEEP_LAST_TWO, ORDERS, TABLE, backups, ZoneOffset.UTC, NOW, Set.of(lastStarted));

    assertThat(byCreationTimeAlone.prune()).extracting(Backup::name).contains(lastStarted);
    assertThat(guarded.keep()).extracting(Backup::name).contains(lastStarted);
    assertThat(guarded.prune())
        .extracting(Backup::name)
        .containsExactly(ORDERS.forSlot(Instant.parse("2026-03-14T03:00:00Z")));
  }
}
