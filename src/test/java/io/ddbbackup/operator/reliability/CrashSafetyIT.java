package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * Exactly once and no wrong deletion across kill -9 at the three moments where a crash hurts most
 * (the CrashPoints test hook halts the JVM there): after the slot is recorded in status, after
 * CreateBackup returned but before its ARN was written, and between two deletions of a prune. The
 * operator is restarted after every kill with the next point armed; moto is the judge.
 */
class CrashSafetyIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  static final List<String> POINTS =
      List.of("after-slot-recorded", "after-create-backup", "mid-prune");
  static final int MIN_KILLS = 30;
  static final Duration BUDGET = Duration.ofMinutes(4);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern HALT = Pattern.compile("DDBBACKUP_CRASH_AT: halting at ([a-z-]+)");

  @Test
  void killedAtEveryCrashPointTheOperatorNeverDuplicatesLosesOrWronglyDeletesABackup()
      throws java.io.IOException {
    String ns = cluster.newNamespace("rel");
    // keep-all has no retention, so a duplicate could never be hidden by pruning
    cluster.apply(ns, "keep-all", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    // keep-two prunes on every backup, so mid-prune crashes happen
    cluster.apply(
        ns, "keep-two", "tableName: orders\nschedule: \"0 3 1 1 *\"\nretention:\n  keepLast: 2\n");
    // every-minute: scheduled slots keep coming through all of it
    cluster.apply(
        ns,
        "every-minute",
        "tableName: orders\nschedule: \"* * * * *\"\nstartingDeadlineSeconds: 300\n");
    String handMade = cluster.moto().createBackup(TABLE, "hand-made-keep-me");

    OperatorProcess operator = cluster.newOperator("operator");
    // kills are counted from this run's log only
    java.nio.file.Files.deleteIfExists(operator.log());
    Map<String, Integer> haltsSeen = new TreeMap<>();
    Map<String, Instant> keepTwoEverCreated = new HashMap<>();
    int triggers = 0;
    int testKills = 0;
    int cycle = 0;
    Instant started = Instant.now();
    String trigger = null;
    while (totalHalts(operator) < MIN_KILLS
        && Duration.between(started, Instant.now()).compareTo(BUDGET) < 0) {
      String point = POINTS.get(cycle++ % POINTS.size());
      if (point.equals("mid-prune")) {
        seedOldLookAlikes(ns, "keep-two", cycle);
      }
      operator.withEnv("DDBBACKUP_CRASH_AT", point).launch();
      String want = trigger;
      // first let it finish what the last kill interrupted (it may die doing so)
      await("operator settles or dies (cycle " + cycle + ", " + point + ")")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !operator.isAlive() || (operator.isReady() && settled(ns, want)));
      if (operator.isAlive()) {
        trigger = "k" + cycle;
        triggers++;
        cluster.backupNow(ns, "keep-all", trigger);
        cluster.backupNow(ns, "keep-two", trigger);
        String now = trigger;
        await("operator halts at " + point + " or settles (cycle " + cycle + ")")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> !operator.isAlive() || settled(ns, now));
        if (operator.isAlive()) {
          // the armed point was not reached (e.g. nothing to prune): a plain kill -9 instead
          operator.kill();
          testKills++;
        }
      }
      recordCreated(ns, "keep-two", keepTwoEverCreated);
    }
    // a last clean run: everything interrupted must finish
    operator.withEnv("DDBBACKUP_CRASH_AT", null).start();
    String last = trigger;
    await("everything settled after the last restart")
        .atMost(Duration.ofSeconds(90))
        .until(() -> settled(ns, last));
    recordCreated(ns, "keep-two", keepTwoEverCreated);
    haltsSeen.putAll(haltsByPoint(operator));
    long pointsReached = HALT.matcher(operator.logText()).results().count();
    int halts = haltsSeen.values().stream().mapToInt(Integer::intValue).sum();
    String report =
        ("%d processes killed by the hook %s (%d crash points reached, two threads can reach"
                + " one together), %d plain kill -9, %d starts, %d manual triggers")
            .formatted(halts, haltsSeen, pointsReached, testKills, operator.starts(), triggers);
    System.out.println("crash-safety: " + report);
    Figures.record("crash-safety", report);

    assertThat(halts).as("kills at crash points").isGreaterThanOrEqualTo(30);
    assertThat(haltsSeen.keySet()).as("every crash point fired").containsAll(POINTS);
    assertThat(cluster.duplicates(ns)).as("backup names in moto more than once").isEmpty();
    // one backup per manual trigger on the schedule that never prunes: none lost, none doubled
    assertThat(cluster.backupsOf(ns, "keep-all")).as("keep-all's backups").hasSize(triggers);
    // the two newest keep-two backups ever created are exactly the ones left
    List<String> newestTwo =
        keepTwoEverCreated.entrySet().stream()
            .sorted(
                Map.Entry.<String, Instant>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())
                    .reversed())
            .limit(2)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    assertThat(cluster.backupsOf(ns, "keep-two")).as("what keepLast: 2 keeps").isEqualTo(newestTwo);
    assertThat(cluster.moto().backups(TABLE).stream().map(BackupSummary::backupArn))
        .contains(handMade);
    assertNoLostMinuteSlot(ns, started);
  }

  /** Both manual schedules acted on the trigger and nothing is in flight anywhere. */
  private static boolean settled(String ns, String trigger) {
    for (String name : List.of("keep-all", "keep-two", "every-minute")) {
      DynamoDBBackupSchedule s = cluster.schedule(ns, name);
      if (s == null || s.getStatus() == null) {
        return false;
      }
      var status = s.getStatus();
      boolean inFlight =
          status.getLastBackupName() != null
              && (status.getLastBackupArn() == null
                  || !"AVAILABLE".equals(status.getLastBackupStatus()));
      if (inFlight) {
        return false;
      }
      if (!name.equals("every-minute") && trigger != null) {
        if (!trigger.equals(status.getLastManualTrigger())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Owned-looking backups with old names, so the next prune has several victims to crash among. */
  private static void seedOldLookAlikes(String ns, String name, int cycle) {
    for (int i = 0; i < 2; i++) {
      cluster
          .moto()
          .createBackup(
              TABLE, "%s-%s-2020%02d%02dT000000Z".formatted(ns, name, 1 + i, cycle % 28 + 1));
    }
  }

  private static void recordCreated(String ns, String name, Map<String, Instant> ever) {
    Pattern owned = Pattern.compile(Pattern.quote(ns + "-" + name) + "-\\d{8}T\\d{6}Z");
    for (BackupSummary b : cluster.moto().backups(TABLE)) {
      if (owned.matcher(b.backupName()).matches()) {
        ever.putIfAbsent(b.backupName(), b.backupCreationDateTime());
      }
    }
  }

  /** From the first full minute after the start to the last passed one: one backup each. */
  private static void assertNoLostMinuteSlot(String ns, Instant started) {
    Set<String> names = new TreeSet<>(cluster.backupsOf(ns, "every-minute"));
    Instant first = started.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60);
    Instant lastPassed =
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(60);
    List<String> missing = new ArrayList<>();
    for (Instant slot = first; !slot.isAfter(lastPassed); slot = slot.plusSeconds(60)) {
      String name = ns + "-every-minute-" + STAMP.format(slot);
      if (!names.contains(name)) {
        missing.add(name);
      }
    }
    DynamoDBBackupSchedule s = cluster.schedule(ns, "every-minute");
    System.out.println(
        "crash-safety: every-minute has "
            + names.size()
            + " backups, missedCount="
            + s.getStatus().getMissedCount()
            + ", missing "
            + missing);
    assertThat(missing).as("minute slots without a backup").isEmpty();
  }

  private static int totalHalts(OperatorProcess operator) {
    return haltsByPoint(operator).values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Processes halted by the hook, by the point that halted them (read from the log: one section per
   * start). Two reconciler threads can reach a point together and both print before the halt; that
   * is still one kill, credited to the first.
   */
  private static Map<String, Integer> haltsByPoint(OperatorProcess operator) {
    Map<String, Integer> counts = new TreeMap<>();
    if (!java.nio.file.Files.exists(operator.log())) {
      return counts;
    }
    for (String section : operator.logText().split("===== e2e: start #")) {
      Matcher m = HALT.matcher(section);
      if (m.find()) {
        counts.merge(m.group(1), 1, Integer::sum);
      }
    }
    return counts;
  }
}
