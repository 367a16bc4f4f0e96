package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.app.CrashingOperator;
import io.ddbbackup.operator.testing.BackupLedger;
import io.ddbbackup.operator.testing.FaultProxy;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * Exactly once and no wrong deletion across kill -9 at the three moments where a crash hurts most
 * (the test-only crash hook halts the JVM there): after the slot is recorded in status, after
 * CreateBackup returned but before its ARN was written, and between two deletions of a prune. The
 * operator is restarted after every kill with the next point armed.
 *
 * <p>The judge is the ledger of a pass-through proxy in front of moto: every backup that ever
 * existed, made by the operator or by the test, and every deletion, with moto's own creation times.
 * What must exist is computed from it by the retention and ownership rules as docs/reference.md
 * states them, never from what the operator reported or what happened to survive between cycles.
 */
class CrashSafetyIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  static final List<String> POINTS =
      List.of("after-slot-recorded", "after-create-backup", "mid-prune");
  static final int MIN_KILLS = 30;
  static final int KEEP_LAST = 2;
  static final Duration BUDGET = Duration.ofMinutes(5);

  /**
   * Crashes go on at least this long, so that the judged window (a minute off each end) holds two
   * minute slots or more whichever second the run starts in.
   */
  static final Duration MIN_RUN = Duration.ofMinutes(4);

  private static final Pattern HALT =
      Pattern.compile(Pattern.quote(CrashingOperator.HALT_LINE) + "([a-z-]+)");

  @Test
  void killedAtEveryCrashPointTheOperatorNeverDuplicatesLosesOrWronglyDeletesABackup() {
    FaultProxy proxy = cluster.faultProxy("operator");
    FaultProxy testSide = cluster.faultProxy(Judges.TEST);
    String ns = cluster.newNamespace("rel");
    // keep-all has no retention, so a duplicate could never be hidden by pruning
    cluster.apply(ns, "keep-all", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    // keep-two prunes on every backup, so mid-prune crashes happen
    cluster.apply(
        ns,
        "keep-two",
        "tableName: orders\nschedule: \"0 3 1 1 *\"\nretention:\n  keepLast: %d\n"
            .formatted(KEEP_LAST));
    // every-minute: scheduled slots keep coming through all of it
    cluster.apply(
        ns,
        "every-minute",
        "tableName: orders\nschedule: \"* * * * *\"\nstartingDeadlineSeconds: 300\n");
    OperatorProcess operator = cluster.newOperator("operator", proxy);
    int triggers = 0;
    int plainKills = 0;
    Instant started = Instant.now();
    // the test's own backups go through the proxy too: the ledger sees every backup there is
    try (DynamoDbClient viaProxy = Moto.clientVia(testSide.endpoint())) {
      viaProxy.createBackup(b -> b.tableName(TABLE).backupName("hand-made-keep-me"));
      String trigger = null;
      for (int cycle = 1;
          (totalHalts(operator) < MIN_KILLS
                  || Duration.between(started, Instant.now()).compareTo(MIN_RUN) < 0)
              && Duration.between(started, Instant.now()).compareTo(BUDGET) < 0;
          cycle++) {
        String point = POINTS.get((cycle - 1) % POINTS.size());
        if (point.equals("mid-prune")) {
          seedOldLookAlikes(viaProxy, ns, cycle);
        }
        operator.withCrashPoints(point).launch();
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
            plainKills++;
          }
        }
      }
      // a last clean run: everything interrupted must finish
      operator.withCrashPoints(null).start();
      String last = trigger;
      await("everything settled after the last restart")
          .atMost(Duration.ofSeconds(90))
          .until(() -> settled(ns, last));
    }
    Instant ended = Instant.now();
    Map<String, Integer> halts = haltsByPoint(operator);
    BackupLedger ledger = BackupLedger.of(proxy, testSide);

    String report =
        ("%d processes halted by the hook %s, %d plain kill -9, %d starts, %d backup-now values"
                + " on two schedules; the proxy's ledger: %d backups made, %d deleted")
            .formatted(
                halts.values().stream().mapToInt(Integer::intValue).sum(),
                halts,
                plainKills,
                operator.starts(),
                triggers,
                ledger.all().size(),
                ledger.deletions().size());
    System.out.println("crash-safety: " + report);
    Figures.record("crash-safety", report);

    assertThat(halts.values().stream().mapToInt(Integer::intValue).sum())
        .as("processes halted at crash points")
        .isGreaterThanOrEqualTo(MIN_KILLS);
    assertThat(halts.keySet()).as("every crash point fired").containsAll(POINTS);
    assertThat(existingArns(cluster.moto().backups(TABLE)))
        .as("moto holds exactly what the ledger says exists: nothing escaped the proxy")
        .isEqualTo(ledger.existing().stream().map(BackupLedger.Backup::arn).collect(toSet()));
    assertThat(ledger.namesMadeMoreThanOnce()).as("names made more than once").isEmpty();
    assertOneBackupPerTriggerNeverDeleted(ledger, ns, triggers);
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "keep-two"), TABLE))
        .as("keep-two's backups, made by it or seeded")
        .hasSizeGreaterThan(KEEP_LAST);
    int pruned = Judges.keptExactlyTheNewest(ledger, ns, "keep-two", KEEP_LAST);
    Judges.deletedNothingElse(ledger, ns, "keep-two");
    int slots =
        Judges.oneBackupPerMinuteSlot(
            ledger, ns, "every-minute", started.plusSeconds(60), ended.minusSeconds(60));
    assertThat(slots).as("minute slots in the run").isGreaterThanOrEqualTo(2);
    Figures.record(
        "crash-safety",
        "judged: %d keep-two backups pruned, each with %d newer ones existing; %d minute slots"
            .formatted(pruned, KEEP_LAST, slots));
    assertThat(ledger.byName().get("hand-made-keep-me").exists())
        .as("the hand-made backup")
        .isTrue();
  }

  private static void assertOneBackupPerTriggerNeverDeleted(
      BackupLedger ledger, String ns, int triggers) {
    List<BackupLedger.Backup> keepAll =
        ledger.ownedBy(TestCluster.backupPrefix(ns, "keep-all"), TABLE);
    assertThat(keepAll).as("keep-all: one backup per backup-now value").hasSize(triggers);
    assertThat(keepAll).as("keep-all has no retention: none deleted").allMatch(b -> b.exists());
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

  /**
   * Owned-looking backups with old names, so the next prune has several victims to crash among. The
   * names are distinct across cycles (two days of 2019 per cycle): a run on a quick machine goes
   * through a hundred cycles, and a name seeded twice by the test would count as a duplicate.
   */
  private static void seedOldLookAlikes(DynamoDbClient viaProxy, String ns, int cycle) {
    for (int i = 0; i < 2; i++) {
      LocalDate day = LocalDate.of(2019, 1, 1).plusDays(2L * cycle + i);
      String name =
          "%s-%sT000000Z"
              .formatted(
                  TestCluster.backupPrefix(ns, "keep-two"),
                  day.format(DateTimeFormatter.BASIC_ISO_DATE));
      viaProxy.createBackup(b -> b.tableName(TABLE).backupName(name));
    }
  }

  private static Set<String> existingArns(List<BackupSummary> backups) {
    return backups.stream().map(BackupSummary::backupArn).collect(toSet());
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(java.util.TreeSet::new);
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
