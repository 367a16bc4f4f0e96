package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.ReadyCondition.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.reliability.FaultProxy.Fault;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's AWS endpoint is a proxy that fails DynamoDB calls on purpose (throttling, limit
 * exceeded, 500, slow answers, responses lost after the call took effect). Every trigger and slot
 * still ends with exactly one backup in moto, the trouble shows in status and Events, and nothing
 * is pruned while a slot's backup failed.
 */
class AwsFaultsIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static FaultProxy proxy;
  static OperatorProcess operator;

  @BeforeAll
  static void operatorBehindTheFaultProxy() {
    proxy = cluster.closeAfterClass(new FaultProxy(cluster.moto().endpoint()));
    operator = cluster.newOperator("operator").withAwsEndpoint(proxy.endpoint()).start();
  }

  @AfterEach
  void noFaultsAfterATest() {
    proxy.stop();
    // each test reports its own counts
    proxy.injected().clear();
    proxy.forwarded().clear();
  }

  @Test
  void underThirtyPercentFaultsEveryTriggerAndEverySlotGetsExactlyOneBackup() {
    String ns = cluster.newNamespace("rel");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.apply(ns, "every-minute", "tableName: orders\nschedule: \"* * * * *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    proxy.inject(0.3, EnumSet.allOf(Fault.class), Set.of());
    Instant started = Instant.now();
    Instant firstSlot = started.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    int triggers = 0;
    // until one whole minute slot has come and gone under faults
    while (Instant.now().isBefore(firstSlot) || triggers < 10) {
      String value = "t" + ++triggers;
      nextSecond();
      cluster.backupNow(ns, "manual", value);
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(120),
          "trigger " + value + " backed up",
          s -> value.equals(s.getStatus().getLastManualTrigger()) && available(s));
    }
    cluster.awaitSchedule(
        ns,
        "every-minute",
        Duration.ofSeconds(120),
        "slot " + firstSlot + " backed up",
        s -> firstSlot.toString().equals(s.getStatus().getLastScheduleTime()) && available(s));
    proxy.stop();
    String report =
        "30%% phase: %d triggers, %d faults injected %s, forwarded %s"
            .formatted(triggers, proxy.injectedTotal(), proxy.injected(), proxy.forwarded());
    System.out.println("aws-faults: " + report);
    Figures.record("aws-faults", report);

    assertThat(cluster.duplicates(ns)).as("backup names in moto more than once").isEmpty();
    assertThat(cluster.backupsOf(ns, "manual")).as("one backup per trigger").hasSize(triggers);
    List<String> minuteSlots = cluster.backupsOf(ns, "every-minute");
    assertThat(minuteSlots).contains(ns + "-every-minute-" + STAMP.format(firstSlot));
    assertThat(proxy.injectedTotal()).isPositive();
  }

  @Test
  void throttlingLongerThanTheSdkRetriesShowsThrottledPrunesNothingAndThenBacksUpOnce() {
    String ns = cluster.newNamespace("rel");
    cluster.apply(
        ns, "keep-one", "tableName: orders\nschedule: \"0 3 1 1 *\"\nretention:\n  keepLast: 1\n");
    cluster.backupNow(ns, "keep-one", "first");
    cluster.awaitSchedule(
        ns,
        "keep-one",
        Duration.ofSeconds(60),
        "first backup",
        s -> "first".equals(s.getStatus().getLastManualTrigger()) && available(s));
    List<String> before = cluster.backupsOf(ns, "keep-one");
    assertThat(before).hasSize(1);

    // more throttled CreateBackups in a row than the SDK's 5 attempts: the operator must retry
    proxy.inject(0, Set.of(Fault.THROTTLING), Set.of("CreateBackup"));
    proxy.burst(12);
    nextSecond();
    cluster.backupNow(ns, "keep-one", "second");
    var throttled =
        cluster.awaitSchedule(
            ns,
            "keep-one",
            Duration.ofSeconds(90),
            "Ready=False Throttled",
            s -> isReady(s, "False", "Throttled"));
    assertThat(throttled.getStatus().getConsecutiveFailures()).isPositive();
    assertThat(ready(throttled).getMessage()).containsIgnoringCase("throttl");
    assertThat(cluster.backupsOf(ns, "keep-one"))
        .as("nothing pruned on a failed slot")
        .isEqualTo(before);
    await("a Throttled Event")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.events(ns, "keep-one").stream()
                    .map(Event::getReason)
                    .anyMatch("Throttled"::equals));

    var done =
        cluster.awaitSchedule(
            ns,
            "keep-one",
            Duration.ofSeconds(120),
            "the second backup after the throttling passed",
            s ->
                "second".equals(s.getStatus().getLastManualTrigger())
                    && available(s)
                    && isReady(s, "True", "Scheduled"));
    assertThat(done.getStatus().getConsecutiveFailures()).isZero();
    assertThat(cluster.backupsOf(ns, "keep-one"))
        .as("the new backup, the first pruned by keepLast 1")
        .containsExactly(done.getStatus().getLastBackupName());
    assertThat(cluster.duplicates(ns)).isEmpty();
    Figures.record(
        "aws-faults",
        "throttling burst: %s injected, operator-level retries until success; consecutiveFailures peaked at %d"
            .formatted(proxy.injected(), throttled.getStatus().getConsecutiveFailures()));
  }

  @Test
  void createBackupResponsesLostAfterTheBackupWasMadeNeverLeadToASecondBackup() {
    String ns = cluster.newNamespace("rel");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      // the first CreateBackup of each trigger reaches moto, but its answer is cut off
      proxy.inject(
          0, Set.of(i % 2 == 0 ? Fault.LOST_RESPONSE : Fault.SERVER_ERROR), Set.of("CreateBackup"));
      proxy.burst(1);
      String value = "lost" + i;
      values.add(value);
      nextSecond();
      cluster.backupNow(ns, "manual", value);
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(90),
          "trigger " + value + " backed up",
          s -> value.equals(s.getStatus().getLastManualTrigger()) && available(s));
    }
    Figures.record("aws-faults", "lost/500 CreateBackup responses: %s".formatted(proxy.injected()));
    assertThat(cluster.duplicates(ns)).as("backup names in moto more than once").isEmpty();
    assertThat(new TreeSet<>(cluster.backupsOf(ns, "manual"))).hasSize(values.size());
  }

  /** A manual backup is named by its trigger's second: two triggers in one second share it. */
  private static void nextSecond() {
    await().pollDelay(Duration.ofMillis(1050)).until(() -> true);
  }

  private static boolean available(DynamoDBBackupSchedule s) {
    return s.getStatus().getLastBackupArn() != null
        && "AVAILABLE".equals(s.getStatus().getLastBackupStatus());
  }
}
