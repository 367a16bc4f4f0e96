package io.ddbbackup.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two operator processes with leader election on one Lease, as two replicas of the Deployment would
 * run: both ready, one acting. Killing the leader with kill -9 hands over to the standby within the
 * lease timing (JOSDK defaults: 15 s lease, 10 s renew deadline, 2 s retry), and the next slot is
 * backed up exactly once.
 */
class LeaderFailoverIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  private static final String LEASE = "rel-failover";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void killingTheLeaderHandsOverToTheStandbyWhichBacksUpTheNextSlotOnce() {
    Map<String, OperatorProcess> replicas =
        Map.of("replica-a", replica("replica-a"), "replica-b", replica("replica-b"));
    replicas.get("replica-a").start();
    await("replica-a holds the lease")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "replica-a".equals(holder()));
    replicas.get("replica-b").start();
    assertThat(replicas.values())
        .as("both replicas answer /readyz 200")
        .allMatch(OperatorProcess::isReady);

    String ns = cluster.newNamespace("rel");
    cluster.apply(ns, "every-minute", "tableName: orders\nschedule: \"* * * * *\"\n");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.backupNow(ns, "manual", "before");
    cluster.awaitSchedule(
        ns,
        "manual",
        Duration.ofSeconds(60),
        "backed up by the leader",
        s ->
            "before".equals(s.getStatus().getLastManualTrigger())
                && s.getStatus().getLastBackupArn() != null);
    assertThat(replicas.get("replica-b").logText()).doesNotContain("creating backup");

    String leader = holder();
    String standby = leader.equals("replica-a") ? "replica-b" : "replica-a";
    Instant killed = Instant.now();
    replicas.get(leader).kill();
    await("the standby takes the lease")
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> standby.equals(holder()));
    Duration takeover = Duration.between(killed, Instant.now());
    assertThat(replicas.get(standby).isReady()).isTrue();

    cluster.backupNow(ns, "manual", "after");
    cluster.awaitSchedule(
        ns,
        "manual",
        Duration.ofSeconds(60),
        "backed up by the new leader",
        s ->
            "after".equals(s.getStatus().getLastManualTrigger())
                && s.getStatus().getLastBackupArn() != null);
    Instant nextSlot = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    String slotName = ns + "-every-minute-" + STAMP.format(nextSlot);
    await("the next minute slot " + nextSlot + " backed up by the new leader")
        .atMost(Duration.ofSeconds(100))
        .until(() -> cluster.backupsOf(ns, "every-minute").contains(slotName));
    await("the status of that slot written")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                slotName.equals(
                        cluster.schedule(ns, "every-minute").getStatus().getLastBackupName())
                    && cluster.schedule(ns, "every-minute").getStatus().getLastBackupArn() != null);

    assertThat(cluster.duplicates(ns)).as("backup names in moto more than once").isEmpty();
    assertThat(cluster.backupsOf(ns, "manual")).hasSize(2);
    assertThat(replicas.get(standby).logText())
        .contains("became the leader")
        .contains("creating backup " + slotName);
    assertThat(takeover).as("takeover after kill -9").isLessThan(Duration.ofSeconds(30));
    String report =
        "leader %s killed, %s took over after %.1fs; next slot %s backed up once"
            .formatted(leader, standby, takeover.toMillis() / 1000.0, STAMP.format(nextSlot));
    System.out.println("leader-failover: " + report);
    Figures.record("leader-failover", report);
    cluster.deleteSchedules(ns);
  }

  private static OperatorProcess replica(String name) {
    return cluster
        .newOperator(name)
        .withLeaderElection()
        .withArgs("--lease-namespace=" + ControlPlane.OPERATOR_NAMESPACE, "--lease-name=" + LEASE)
        // a pod's HOSTNAME is its name, which JOSDK takes as its identity in the Lease
        .withEnv("HOSTNAME", name);
  }

  private static String holder() {
    Lease lease =
        cluster.admin().leases().inNamespace(ControlPlane.OPERATOR_NAMESPACE).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
