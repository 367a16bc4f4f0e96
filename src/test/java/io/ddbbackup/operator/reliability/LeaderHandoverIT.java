package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.BackupLedger;
import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.FaultProxy;
import io.ddbbackup.operator.testing.LeaseHistory;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two operator processes with leader election on one Lease, as two replicas of the Deployment run:
 * both ready, one acting. The leader is frozen with SIGSTOP (a stop-the-world pause, a frozen node)
 * with a backup-now's CreateBackup in flight (held on its way, so it reaches moto while the leader
 * is frozen), a few seconds before a minute slot, until the standby has taken the Lease; then it is
 * resumed where it stood: the answer (or its timeout) is waiting, the DeleteBackup of the prune it
 * would decide on next is due, and so is the slot that passed while it was frozen. Its leader
 * elector notices the lost Lease at its next renewal and exits the process; whatever write gets
 * there first meets the write guard (LeaderOnlyWrites). The report counts the writes the guard
 * refused.
 *
 * <p>The judges are outside both processes. Each replica reaches moto through its own proxy, which
 * records every call with its arrival time, so every AWS write is known with its writer; the Lease
 * history (who held the Lease since when) comes from a watch on the API server. No write of the old
 * leader may arrive after the new one took the Lease, no write of the new one before, and the slots
 * inside the handover gap (from the cron and the clock) are backed up once each, none lost, none
 * doubled. The new leader's CreateBackups are held 4 s on their way, so that the resumed old leader
 * also finds the slot recorded and no backup made yet.
 */
class LeaderHandoverIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  private static final String LEASE = "rel-handover";

  @Test
  void aLeaderFrozenUntilItsLeaseIsTakenWritesNothingAfterwardsAndNoSlotIsLostOrDoubled() {
    LeaseHistory lease = cluster.leaseHistory(ControlPlane.OPERATOR_NAMESPACE, LEASE);
    FaultProxy toA = cluster.faultProxy("replica-a");
    FaultProxy toB = cluster.faultProxy("replica-b");
    toB.delayForwarding("CreateBackup", Duration.ofSeconds(4));
    // the old leader's CreateBackups are held 3 s on their way: time to freeze it with one in
    // flight, before the prune it decides on once resumed (its backups come from the inventory,
    // so no ListBackups goes out between the two)
    toA.delayForwarding("CreateBackup", Duration.ofSeconds(3));
    OperatorProcess a = replica("replica-a", toA).start();
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

    // frozen a few seconds before a minute slot, so that the takeover comes after it, and in the
    // middle of the prune that follows a backup-now on the keepLast: 1 schedule. The takeover
    // comes 13-17 s after the freeze (a 15 s Lease renewed every 2 s, tried for every 2 s): frozen
    // at second 48 or later, the next slot falls inside the gap (13.3 s was seen from second 46)
    await("a few seconds before a minute slot")
        .atMost(Duration.ofSeconds(70))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> secondOfMinute() >= 48 && secondOfMinute() < 52);
    Instant frozenTrigger = Instant.now();
    cluster.backupNow(ns, "manual", "frozen");
    await("replica-a's CreateBackup of the backup-now on its way")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> toA.arrivedSince("CreateBackup", frozenTrigger));
    Instant paused = Instant.now();
    a.pause();
    await("replica-b takes the Lease")
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lease.takenOverBy("replica-b", paused).isPresent());
    a.resume();
    Instant resumed = Instant.now();
    Instant takeover = lease.takenOverBy("replica-b", paused).orElseThrow();

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
    Instant ended = Instant.now();

    BackupLedger ledger = BackupLedger.of(toA, toB);
    List<FaultProxy.Call> writesOfA = writes(toA);
    List<FaultProxy.Call> writesOfB = writes(toB);
    List<String> gapSlots = Judges.minuteSlots(ns, "every-minute", paused, takeover);
    String report =
        ("replica-a frozen at %s, replica-b took the Lease at %s (%.1f s later), replica-a resumed"
                + " %.1f s after that and exited; slots in the gap %s, backed up by %s; AWS writes"
                + " arriving: replica-a %d (last %s), replica-b %d (first %s); writes replica-a"
                + " decided on after it was resumed and did not make: %d")
            .formatted(
                paused,
                takeover,
                Duration.between(paused, takeover).toMillis() / 1000.0,
                Duration.between(takeover, resumed).toMillis() / 1000.0,
                gapSlots,
                gapSlots.stream()
                    .map(n -> ledger.byName().get(n))
                    .map(this::madeAfterSlot)
                    .toList(),
                writesOfA.size(),
                writesOfA.isEmpty() ? "-" : writesOfA.get(writesOfA.size() - 1).received(),
                writesOfB.size(),
                writesOfB.isEmpty() ? "-" : writesOfB.get(0).received(),
                a.logText().split("not made: the Lease", -1).length - 1);
    System.out.println("leader-handover: " + report);
    Figures.record("leader-handover", report);

    assertThat(writesOfA)
        .as("AWS writes of replica-a arriving after replica-b took the Lease at %s", takeover)
        .allMatch(c -> c.received().isBefore(takeover));
    assertThat(writesOfB)
        .as("AWS writes of replica-b arriving before it took the Lease at %s", takeover)
        .allMatch(c -> !c.received().isBefore(takeover));
    assertThat(writesOfA).as("replica-a led and wrote before the pause").isNotEmpty();
    assertThat(writesOfB).as("replica-b wrote after the takeover").isNotEmpty();
    assertThat(gapSlots).as("minute slots inside the handover gap").isNotEmpty();
    assertThat(ledger.namesMadeMoreThanOnce()).as("names made more than once").isEmpty();
    Judges.oneBackupPerMinuteSlot(ledger, ns, "every-minute", created.plusSeconds(60), nextSlot);
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "manual"), TABLE))
        .as("one backup per backup-now value: before, frozen and after the handover")
        .hasSize(3);
    Judges.keptExactlyTheNewest(ledger, ns, "manual", 1);
    Judges.deletedNothingElse(ledger, ns, "manual");
    assertThat(ended).isAfter(takeover);
  }

  private String madeAfterSlot(BackupLedger.Backup backup) {
    if (backup == null) {
      return "none";
    }
    Instant slot = backup.made().truncatedTo(ChronoUnit.MINUTES);
    return "%s %.1f s after its slot"
        .formatted(backup.writer(), Duration.between(slot, backup.made()).toMillis() / 1000.0);
  }

  private static List<FaultProxy.Call> writes(FaultProxy proxy) {
    return proxy.calls().stream().filter(FaultProxy.Call::isDynamoDbWrite).toList();
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
