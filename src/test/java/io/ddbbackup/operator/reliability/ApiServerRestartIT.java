package io.ddbbackup.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kube-apiserver stops (etcd and its data stay) and comes back on the same address, twice, under a
 * running operator: its watches break and its writes fail meanwhile. It must pick up changes made
 * after the outage (so its watches came back), keep every slot, and neither duplicate a backup nor
 * restart itself.
 */
class ApiServerRestartIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void afterTheApiServerRestartsTheOperatorCarriesOnWithoutARestartOrADuplicate() {
    OperatorProcess operator = cluster.newOperator("operator").start();
    String ns = cluster.newNamespace("rel");
    cluster.apply(ns, "every-minute", "tableName: orders\nschedule: \"* * * * *\"\n");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    Instant created = Instant.now();
    trigger(ns, "before");

    List<Duration> outages = List.of(Duration.ofSeconds(5), Duration.ofSeconds(15));
    int n = 0;
    for (Duration down : outages) {
      cluster.controlPlane().restartApiServer(down);
      // a change made after the outage reaches the operator only through a re-established watch
      trigger(ns, "after-restart-" + ++n);
    }
    Instant firstSlot = created.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    Instant lastSlot = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    await("the minute slot after the last outage")
        .atMost(Duration.ofSeconds(100))
        .until(
            () ->
                cluster
                    .backupsOf(ns, "every-minute")
                    .contains(ns + "-every-minute-" + STAMP.format(lastSlot)));

    List<String> missing = new ArrayList<>();
    for (Instant slot = firstSlot; !slot.isAfter(lastSlot); slot = slot.plusSeconds(60)) {
      if (!cluster
          .backupsOf(ns, "every-minute")
          .contains(ns + "-every-minute-" + STAMP.format(slot))) {
        missing.add(STAMP.format(slot));
      }
    }
    assertThat(missing).as("minute slots without a backup").isEmpty();
    assertThat(cluster.duplicates(ns)).as("backup names in moto more than once").isEmpty();
    assertThat(cluster.backupsOf(ns, "manual")).hasSize(1 + outages.size());
    assertThat(operator.isAlive()).as("operator alive").isTrue();
    assertThat(operator.starts()).as("operator started once").isEqualTo(1);
    String report =
        "kube-apiserver restarted %d times (down %s), operator started once, %d minute slots all backed up, 0 duplicates"
            .formatted(outages.size(), outages, cluster.backupsOf(ns, "every-minute").size());
    System.out.println("apiserver-restart: " + report);
    Figures.record("apiserver-restart", report);
    cluster.deleteSchedules(ns);
  }

  private static void trigger(String ns, String value) {
    await("backup-now " + value + " accepted by the API server")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              cluster.backupNow(ns, "manual", value);
              return true;
            });
    cluster.awaitSchedule(
        ns,
        "manual",
        Duration.ofSeconds(90),
        "backup-now " + value + " backed up",
        s ->
            value.equals(s.getStatus().getLastManualTrigger())
                && s.getStatus().getLastBackupArn() != null);
  }
}
