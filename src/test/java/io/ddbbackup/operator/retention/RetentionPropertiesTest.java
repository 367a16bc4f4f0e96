package io.ddbbackup.operator.retention;

import static io.ddbbackup.operator.retention.Backups.NOW;
import static io.ddbbackup.operator.retention.Backups.ORDERS;
import static io.ddbbackup.operator.retention.Backups.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Safety properties over random mixes of backups, policies and zones (seeded, reproducible). */
class RetentionPropertiesTest {

  private static final Pattern OUR_NAME = Pattern.compile("orders-[0-9]{8}T[0-9]{6}Z");
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/St_Johns"),
          ZoneId.of("Pacific/Kiritimati"));

  record Scenario(RetentionPolicy policy, ZoneId zone, List<Backup> backups) {}

  static Stream<Arguments> scenarios() {
    Random random = new Random(42);
    return IntStream.range(0, 300).mapToObj(i -> arguments("random table #" + i, scenario(random)));
  }

  @ParameterizedTest(name = "{0} prunes only the schedule's own older AVAILABLE backups")
  @MethodSource("scenarios")
  void pruningIsSafeForAnyMixOfBackups(String sentence, Scenario scenario) {
    PruneDecision decision = decide(scenario.policy(), scenario.backups(), scenario.zone());

    Set<Backup> owned = new HashSet<>();
    for (Backup backup : scenario.backups()) {
      if (ORDERS.owns(backup, TABLE) && backup.status() != BackupStatus.DELETED) {
        owned.add(backup);
      }
    }
    List<Backup> available = owned.stream().filter(Backup::isAvailable).toList();
    Backup newestAvailable =
        available.stream()
            .max(Comparator.comparing(Backup::createdAt).thenComparing(Backup::name))
            .orElse(null);

    assertThat(decision.prune())
        .allSatisfy(
            backup -> {
              assertThat(backup.type()).isEqualTo(BackupType.USER);
              assertThat(backup.tableName()).isEqualTo(TABLE);
              assertThat(backup.name()).matches(OUR_NAME);
              assertThat(backup.status()).isEqualTo(BackupStatus.AVAILABLE);
            });
    assertThat(available).containsAll(decision.prune());
    assertThat(decision.prune()).doesNotContain(newestAvailable);
    assertThat(new HashSet<>(decision.owned())).isEqualTo(owned);
    assertThat(union(decision.keep(), decision.prune())).isEqualTo(owned);
    assertThat(decision.keep()).noneMatch(decision.prune()::contains);
    boolean newestNotAvailable =
        !decision.owned().isEmpty() && !decision.owned().get(0).isAvailable();
    if (newestNotAvailable && !scenario.policy().keepsEverything()) {
      assertThat(decision.prune()).isEmpty();
      assertThat(decision.blockedBy()).isNotBlank();
    }
  }

  @ParameterizedTest(name = "{0} decides the same whatever the listing order")
  @MethodSource("scenarios")
  void theListingOrderDoesNotMatter(String sentence, Scenario scenario) {
    List<Backup> shuffled = new ArrayList<>(scenario.backups());
    Collections.shuffle(shuffled, new Random(sentence.hashCode()));

    assertThat(decide(scenario.policy(), shuffled, scenario.zone()))
        .isEqualTo(decide(scenario.policy(), scenario.backups(), scenario.zone()));
  }

  @ParameterizedTest(name = "{0} prunes no more when keepLast keeps three more")
  @MethodSource("scenarios")
  void addingARuleNeverPrunesMore(String sentence, Scenario scenario) {
    // from "keep everything", any rule prunes more: the property is about policies with a rule
    RetentionPolicy policy =
        scenario.policy().keepsEverything()
            ? new RetentionPolicy(null, null, 1, null, null)
            : scenario.policy();
    RetentionPolicy withKeepLast =
        new RetentionPolicy(
            (policy.keepLast() == null ? 0 : policy.keepLast()) + 3,
            policy.maxAge(),
            policy.keepDaily(),
            policy.keepWeekly(),
            policy.keepMonthly());

    List<Backup> prunedBefore = decide(policy, scenario.backups(), scenario.zone()).prune();
    List<Backup> prunedAfter = decide(withKeepLast, scenario.backups(), scenario.zone()).prune();

    assertThat(prunedBefore).containsAll(prunedAfter);
  }

  private static PruneDecision decide(RetentionPolicy policy, List<Backup> backups, ZoneId zone) {
    return Retention.decide(policy, ORDERS, TABLE, backups, zone, NOW);
  }

  private static Set<Backup> union(List<Backup> a, List<Backup> b) {
    Set<Backup> union = new HashSet<>(a);
    union.addAll(b);
    return union;
  }

  private static Scenario scenario(Random random) {
    RetentionPolicy policy =
        new RetentionPolicy(
            maybeCount(random),
            random.nextInt(3) == 0 ? Duration.ofHours(1 + random.nextInt(24 * 60)) : null,
            maybeCount(random),
            maybeCount(random),
            maybeCount(random));
    List<Backup> backups = new ArrayList<>();
    int count = random.nextInt(30);
    for (int i = 0; i < count; i++) {
      backups.add(randomBackup(random));
    }
    return new Scenario(policy, ZONES.get(random.nextInt(ZONES.size())), backups);
  }

  private static Integer maybeCount(Random random) {
    return random.nextInt(3) == 0 ? 1 + random.nextInt(5) : null;
  }

  private static Backup randomBackup(Random random) {
    Instant createdAt =
        NOW.minus(random.nextInt(90 * 24 * 60), ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    String name =
        switch (random.nextInt(6)) {
          case 0 -> "orders-manual-" + random.nextInt(100);
          case 1 -> "orders-hourly-" + ORDERS.forSlot(createdAt).substring("orders-".length());
          default -> ORDERS.forSlot(createdAt);
        };
    String table = random.nextInt(8) == 0 ? "customers" : TABLE;
    BackupType type = pick(random, BackupType.values(), BackupType.USER);
    BackupStatus status = pick(random, BackupStatus.values(), BackupStatus.AVAILABLE);
    return Backups.backup(name, table, type, createdAt, status);
  }

  /** Mostly {@code usual}, so that most random backups are owned and AVAILABLE. */
  private static <T> T pick(Random random, T[] values, T usual) {
    return random.nextInt(4) == 0 ? values[random.nextInt(values.length)] : usual;
  }
}
