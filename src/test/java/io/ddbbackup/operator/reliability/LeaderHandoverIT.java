package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.BackupLedger;
import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.FaultProxy;
import io.ddbbackup.operator.testing.FaultProxy.Fault;
import io.ddbbackup.operator.testing.LeaseHistory;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two operator processes with leader election on one Lease, as two replicas of the Deployment run:
 * both ready, one acting. The leader is frozen with SIGSTOP (a stop-the-world pause, a frozen node)
 * in the middle of a reconcile, a few seconds before a minute slot: a backup-now was made and the
 * prune after it has its DeleteBackup on the wire, held by the proxy. Once the standby has taken
 * the Lease the held DeleteBackup is answered with a 500 (it never reached moto, as a request lost
 * on the way), and the old leader is resumed where it stood: its SDK retries the DeleteBackup, and
 * the retry must meet the write guard (LeaderOnlyWrites), which asks the Lease and refuses it.
 *
 * <p>A replica that finds its Lease lost exits, and here it finds so the moment it wakes, as the
 * reconcile does: the retry and the exit race by milliseconds. The old leader runs as {@code
 * SlowExitOperator} (test code), whose JVM lingers a few seconds after System.exit, so the retry is
 * sure to be made and the guard, not the exit, is what stops it.
 *
 * <p>The judges are outside both processes. Each replica reaches moto through its own proxy, which
 * records every call with its arrival time, so every AWS write is known with its writer; the Lease
 * history (who held the Lease since when) comes from a watch on the API server. No write of the old
 * leader may arrive after the new one took the Lease (so none after the new leader's first write
 * either), no write of the new one before, and the slots inside the handover gap (from the cron and
 * the clock) are backed up once each, none lost, none doubled. The new leader's CreateBackups are
 * held 4 s on their way, so that the resumed old leader also finds a slot recorded and no backup
 * made yet. That the retry was made and refused is read from the old leader's log; with the guard
 * switched off the retry reaches moto after the takeover and the proxy's record fails the test.
 */
class LeaderHandoverIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  private static final String LEASE = "rel-handover";

  /** How long the old leader's JVM runs on after it decided to exit (SlowExitOperator). */
  private static final Duration EXIT_DELAY = Duration.ofSeconds(8);

  /** A write the guard refused, from the log: {@code <time> ... <Operation> not made: <why>}. */
  private static final Pattern REFUSED =
      Pattern.compile(
          "^(\\S+) .*?(\\w+) not made: (the Lease .*?)(?:; leaving it to the leader)?$");

  private static final Pattern GAVE_UP = Pattern.compile("^(\\S+) .*lost the lease: stopping");

  /** A write the guard refused: when, which operation, and why. */
  record Refusal(Instant at, String operation, String why) {}

  @Test
  void aLeaderFrozenUntilItsLeaseIsTakenHasItsPendingWriteRefusedAndNoSlotIsLostOrDoubled() {
    LeaseHistory lease = cluster.leaseHistory(ControlPlane.OPERATOR_NAMESPACE, LEASE);
    FaultProxy toA = cluster.faultProxy("replica-a");
    FaultProxy toB = cluster.faultProxy("replica-b");
    toB.delayForwarding("CreateBackup", Duration.ofSeconds(4));
    OperatorProcess a = replica("replica-a", toA).withSlowExit(EXIT_DELAY).start();
    await("replica-a holds the Lease")
        .atMost(Duration.ofSeconds(60))
        .until(() -> lease.holder().filter("replica-a"::equals).isPresent());
    OperatorProcess b = replica("replica-b", toB).start();
    assertThat(List.of(a, b))
        .as("both replicas answer /readyz 200")
        .allMatch(OperatorProcess::isReady);

    String ns = cluster.newNamespace("rel");
    cluster.apply(ns, "every-minute", "tableName: orders\nschedule: \"* * * * *\"\n");
    cluster.apply(
        ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\nretention:\n  keepLast: 1\n");
    Instant created = Instant.now();
    backUpNow(ns, "before");

    // the next backup-now on the keepLast: 1 schedule is followed, in the same reconcile, by the
    // prune of "before": its DeleteBackup is held on its way, the reconcile waits for the answer
    FaultProxy.Hold pending = toA.holdNext("DeleteBackup", Fault.SERVER_ERROR);
    // frozen a few seconds before a minute slot, so that the takeover comes after it. The takeover
    // comes 13-19 s after the freeze (a 15 s Lease renewed every 2 s, tried for every 2 s): frozen
    // at second 48 or later, the next slot falls inside the gap (13.3 s was seen from second 46)
    await("a few seconds before a minute slot")
        .atMost(Duration.ofSeconds(70))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> secondOfMinute() >= 48 && secondOfMinute() < 52);
    cluster.backupNow(ns, "manual", "frozen");
    await("replica-a's DeleteBackup of the prune after the backup-now, held on its way")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(pending::hasArrived);
    Instant paused = Instant.now();
    a.pause();
    await("replica-b takes the Lease")
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lease.takenOverBy("replica-b", paused).isPresent());
    Instant takeover = lease.takenOverBy("replica-b", paused).orElseThrow();
    // answered while its replica is still frozen: the 500 waits for it, and its SDK retries
    pending.release();
    Instant resumed = Instant.now();
    a.resume();

    backUpNow(ns, "after");
    Instant nextSlot = resumed.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    await("the first slot after the handover, " + nextSlot + ", backed up")
        .atMost(Duration.ofSeconds(100))
        .until(
            () ->
                BackupLedger.of(toA, toB)
                    .byName()
                    .containsKey(TestCluster.backupName(ns, "every-minute", nextSlot)));
    await("the deposed leader exits").atMost(Duration.ofSeconds(60)).until(() -> !a.isAlive());

    BackupLedger ledger = BackupLedger.of(toA, toB);
    List<FaultProxy.Call> writesOfA = writes(toA);
    List<FaultProxy.Call> writesOfB = writes(toB);
    List<String> gapSlots = Judges.minuteSlots(ns, "every-minute", paused, takeover);
    String log = a.logText();
    List<Refusal> refused = refusals(log, resumed);
    Instant gaveUp = gaveUp(log, resumed);
    String report =
        ("replica-a frozen at %s with a DeleteBackup on its way, replica-b took the Lease at %s"
                + " (%.1f s later); the DeleteBackup answered 500 unforwarded and replica-a resumed"
                + " %.1f s after the takeover; replica-a gave up leading %s and exited (JVM held"
                + " %d s); writes it tried after it was resumed and the guard refused: %s, the"
                + " first %s after SIGCONT; slots in the gap %s, backed up by %s; AWS writes"
                + " arriving: replica-a %d (last %s), replica-b %d (first %s)")
            .formatted(
                paused,
                takeover,
                seconds(paused, takeover),
                seconds(takeover, resumed),
                gaveUp == null ? "-" : "%.3f s after SIGCONT".formatted(seconds(resumed, gaveUp)),
                EXIT_DELAY.toSeconds(),
                refused.stream().map(Refusal::operation).toList(),
                refused.isEmpty() ? "-" : "%.3f s".formatted(seconds(resumed, refused.get(0).at())),
                gapSlots,
                gapSlots.stream()
                    .map(n -> ledger.byName().get(n))
                    .map(this::madeAfterSlot)
                    .toList(),
                writesOfA.size(),
                writesOfA.isEmpty() ? "-" : writesOfA.get(writesOfA.size() - 1).received(),
                writesOfB.size(),
                writesOfB.isEmpty() ? "-" : writesOfB.get(0).received());
    System.out.println("leader-handover: " + report);
    Figures.record("leader-handover", report);

    // the judge: what reached the proxies, whatever the replicas say of themselves
    assertThat(writesOfA)
        .as("AWS writes of replica-a arriving after replica-b took the Lease at %s", takeover)
        .allMatch(c -> c.received().isBefore(takeover));
    assertThat(writesOfB)
        .as("AWS writes of replica-b arriving before it took the Lease at %s", takeover)
        .allMatch(c -> !c.received().isBefore(takeover));
    assertThat(writesOfA).as("replica-a led and wrote before the pause").isNotEmpty();
    assertThat(writesOfB).as("replica-b wrote after the takeover").isNotEmpty();
    // the held DeleteBackup was replica-a's write in flight across the handover, and never got
    // to moto; its retry after the resume is the write the guard must have refused
    assertThat(toA.calls())
        .as("replica-a's held DeleteBackup, answered without reaching moto")
        .anyMatch(
            c ->
                c.operation().equals("DeleteBackup")
                    && c.received().equals(pending.arrived())
                    && c.fault() == Fault.SERVER_ERROR
                    && c.upstreamStatus() == 0);
    assertThat(pending.released()).as("the held DeleteBackup answered").isAfter(takeover);
    assertThat(refused)
        .as("writes replica-a tried after it was resumed, refused by the guard (log %s)", a.log())
        .anyMatch(
            r ->
                r.operation().equals("DeleteBackup")
                    && r.at().isAfter(takeover)
                    && r.why().contains("is held by replica-b"));
    assertThat(gapSlots).as("minute slots inside the handover gap").isNotEmpty();
    assertThat(ledger.namesMadeMoreThanOnce()).as("names made more than once").isEmpty();
    Judges.oneBackupPerMinuteSlot(ledger, ns, "every-minute", created.plusSeconds(60), nextSlot);
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "manual"), TABLE))
        .as("one backup per backup-now value: before, frozen and after the handover")
        .hasSize(3);
    Judges.keptExactlyTheNewest(ledger, ns, "manual", 1);
    Judges.deletedNothingElse(ledger, ns, "manual");
  }

  /** The writes the guard refused, as the log has them. */
  private static List<Refusal> refusals(String log, Instant near) {
    return log.lines()
        .map(REFUSED::matcher)
        .filter(Matcher::find)
        .map(m -> new Refusal(logTime(m.group(1), near), m.group(2), m.group(3)))
        .toList();
  }

  /** When the replica's elector gave up leading, as the log has it; null if it never did. */
  private static Instant gaveUp(String log, Instant near) {
    return log.lines()
        .map(GAVE_UP::matcher)
        .filter(Matcher::find)
        .map(m -> logTime(m.group(1), near))
        .findFirst()
        .orElse(null);
  }

  /**
   * A log line's time: the released logback.xml writes an instant, the logback-test.xml that
   * target/test-classes brings (the test launcher's class path) only the UTC time of day, taken
   * here on the day that puts it nearest to {@code near}.
   */
  static Instant logTime(String stamp, Instant near) {
    try {
      return Instant.parse(stamp);
    } catch (DateTimeParseException e) {
      ZonedDateTime day = near.atZone(ZoneOffset.UTC);
      Instant at = day.with(LocalTime.parse(stamp)).toInstant();
      if (at.isAfter(near.plus(Duration.ofHours(12)))) {
        return at.minus(Duration.ofDays(1));
      }
      return at.isBefore(near.minus(Duration.ofHours(12))) ? at.plus(Duration.ofDays(1)) : at;
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private String madeAfterSlot(BackupLedger.Backup backup) {
    if (backup == null) {
      return "none";
    }
    Instant slot = backup.made().truncatedTo(ChronoUnit.MINUTES);
    return "%s %.1f s after its slot"
        .formatted(backup.writer(), Duration.between(slot, backup.made()).toMillis() / 1000.0);
  }

  /** The DynamoDB writes that reached {@code proxy}, in order of arrival. */
  private static List<FaultProxy.Call> writes(FaultProxy proxy) {
    return proxy.calls().stream()
        .filter(FaultProxy.Call::isDynamoDbWrite)
        .sorted(Comparator.comparing(FaultProxy.Call::received))
        .toList();
  }

  private static void backUpNow(String ns, String value) {
    cluster.backupNow(ns, "manual", value);
    cluster.awaitSchedule(
        ns,
        "manual",
        Duration.ofSeconds(60),
        "backup-now " + value + " backed up",
        s ->
            value.equals(s.getStatus().getLastManualTrigger())
                && s.getStatus().getLastBackupArn() != null);
  }

  private static int secondOfMinute() {
    return Instant.now().atZone(ZoneOffset.UTC).getSecond();
  }

  private static OperatorProcess replica(String name, FaultProxy proxy) {
    return cluster
        .newOperator(name, proxy)
        .withLeaderElection()
        .withArgs("--lease-namespace=" + ControlPlane.OPERATOR_NAMESPACE, "--lease-name=" + LEASE)
        // a pod's HOSTNAME is its name, which is its identity in the Lease
        .withEnv("HOSTNAME", name);
  }
}
