package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static io.ddbbackup.operator.testing.ReadyCondition.ready;
import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.testing.BackupLedger;
import io.ddbbackup.operator.testing.FaultProxy;
import io.ddbbackup.operator.testing.FaultProxy.Fault;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's AWS endpoint is a proxy that fails DynamoDB and STS calls on purpose: refusals
 * (throttling, limit exceeded), 5xx before the call reaches moto, and the ambiguous faults where
 * the call took effect but the operator cannot know it (the answer cut off, a 500 after forwarding,
 * the answer withheld past the SDK's attempt timeout). The judge is the proxy's ledger of what moto
 * did: every trigger and slot ends with exactly one backup, retention deletes exactly what its rule
 * says, and each kind of fault was met a counted number of times, on CreateBackup itself too.
 */
class AwsFaultsIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  /** The faults of the mixed phase, each met on CreateBackup and overall. */
  static final List<Fault> MIXED =
      List.of(
          Fault.THROTTLING,
          Fault.LIMIT_EXCEEDED,
          Fault.SERVER_ERROR,
          Fault.SLOW,
          Fault.LOST_RESPONSE,
          Fault.SERVER_ERROR_AFTER_FORWARDING);

  static final int MIN_PER_KIND = 2;
  static final int MIN_PER_KIND_ON_CREATE = 1;

  static FaultProxy proxy;
  static OperatorProcess operator;

  /** This test's namespace: its schedules must not call AWS during the next test. */
  String ns;

  @BeforeAll
  static void operatorBehindTheFaultProxy() {
    proxy = cluster.faultProxy("operator");
    // credentials that expire 3 s after they were issued: the SDK fetches new ones for nearly
    // every call, so STS faults meet running schedules, not only the first call
    proxy.shortenCredentials(Duration.ofSeconds(3));
    operator = cluster.newOperator("operator", proxy).start();
  }

  @AfterEach
  void noFaultsNorSchedulesAfterATest() {
    proxy.stop();
    cluster.deleteSchedules(ns);
    // each test judges its own calls
    proxy.forget();
  }

  @Test
  void underFaultsOfEveryKindEveryTriggerAndEverySlotGetsExactlyOneBackup() {
    ns = cluster.newNamespace("rel");
    cluster.apply(
        ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\nretention:\n  keepLast: 2\n");
    cluster.apply(ns, "every-minute", "tableName: orders\nschedule: \"* * * * *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    Instant started = Instant.now();
    // a fixed rotation, so that every kind is met on every operation within a few calls
    proxy.rotate("CreateBackup", 2, MIXED);
    for (String read : List.of("ListBackups", "DescribeBackup", "DeleteBackup")) {
      proxy.rotate(read, 3, MIXED);
    }
    Instant firstSlot = started.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    int triggers = 0;
    // until every kind was met often enough and a whole minute slot has come and gone
    while (triggers < 40
        && (triggers < 10 || Instant.now().isBefore(firstSlot.plusSeconds(5)) || !minimaMet())) {
      String value = "t" + ++triggers;
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
        s -> !Instant.parse(s.getStatus().getLastScheduleTime()).isBefore(firstSlot));
    Instant ended = Instant.now();
    proxy.stop();
    BackupLedger ledger = proxy.ledger();
    String report =
        "mixed faults: %d backup-now values, %d faults injected %s"
            .formatted(triggers, proxy.injectedTotal(), proxy.injectedByKind());
    System.out.println("aws-faults: " + report);
    Figures.record("aws-faults", report);

    for (Fault kind : MIXED) {
      assertThat(proxy.injected(null, kind))
          .as("%s injected", kind)
          .isGreaterThanOrEqualTo(MIN_PER_KIND);
      assertThat(proxy.injected("CreateBackup", kind))
          .as("%s injected on CreateBackup", kind)
          .isGreaterThanOrEqualTo(MIN_PER_KIND_ON_CREATE);
    }
    assertThat(ledger.namesMadeMoreThanOnce()).as("names made more than once").isEmpty();
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "manual"), TABLE))
        .as("one backup made per backup-now value")
        .hasSize(triggers);
    Judges.keptExactlyTheNewest(ledger, ns, "manual", 2);
    Judges.deletedNothingElse(ledger, ns, "manual");
    Instant lastSure =
        ended.minusSeconds(60).isAfter(firstSlot) ? ended.minusSeconds(60) : firstSlot;
    Judges.oneBackupPerMinuteSlot(ledger, ns, "every-minute", firstSlot, lastSure);
  }

  private static boolean minimaMet() {
    return MIXED.stream()
        .allMatch(
            k ->
                proxy.injected(null, k) >= MIN_PER_KIND
                    && proxy.injected("CreateBackup", k) >= MIN_PER_KIND_ON_CREATE);
  }

  @Test
  void ambiguousCreateBackupsAreAdoptedAndNeverMadeTwice() {
    ns = cluster.newNamespace("rel");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    // the three that took effect unknown to the operator, and a 500 that did not, for contrast
    List<Fault> faults =
        List.of(
            Fault.LOST_RESPONSE,
            Fault.SERVER_ERROR_AFTER_FORWARDING,
            Fault.ANSWER_WITHHELD,
            Fault.SERVER_ERROR);
    Map<Fault, String> outcomes = new LinkedHashMap<>();
    for (Fault fault : faults) {
      Instant from = Instant.now();
      proxy.failNext("CreateBackup", fault, 1);
      String value = "ambiguous-" + fault;
      cluster.backupNow(ns, "manual", value);
      DynamoDBBackupSchedule done =
          cluster.awaitSchedule(
              ns,
              "manual",
              Duration.ofSeconds(90),
              "backup-now " + value + " backed up",
              s -> value.equals(s.getStatus().getLastManualTrigger()) && available(s));
      String prefix = TestCluster.backupPrefix(ns, "manual");
      List<FaultProxy.Call> creates =
          proxy.callsSince(from).stream()
              .filter(c -> c.operation().equals("CreateBackup") && c.tookEffect())
              .filter(c -> c.request().contains("\"" + prefix + "-"))
              .toList();
      BackupLedger made = BackupLedger.of(creates);
      assertThat(made.all()).as("backups made for %s", value).hasSize(1);
      assertThat(made.all().get(0).arn())
          .as("the backup the status names is the one moto made")
          .isEqualTo(done.getStatus().getLastBackupArn());
      assertThat(creates.get(0).fault())
          .as("made by the faulted call (adopted) when it took effect, else by a new one")
          .isEqualTo(fault.forwards() ? fault : null);
      assertThat(proxy.injected("CreateBackup", fault)).as("%s injected", fault).isEqualTo(1);
      outcomes.put(fault, fault.forwards() ? "adopted" : "created again");
    }
    BackupLedger ledger = proxy.ledger();
    assertThat(ledger.namesMadeMoreThanOnce()).isEmpty();
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "manual"), TABLE))
        .hasSize(faults.size());
    Figures.record("aws-faults", "ambiguous CreateBackup, one each: " + outcomes);
  }

  private final Map<Fault, Long> metByKind = new LinkedHashMap<>();

  private void met(Fault fault, long count) {
    metByKind.put(fault, count);
  }

  @Test
  void stsFaultsDelayABackupButNeverLoseOrDoubleIt() {
    ns = cluster.newNamespace("rel");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    // the SDK retries STS itself (4 attempts, and again when cached credentials go stale), so
    // how many of a burst it absorbs is its business; every fault of a burst must meet the
    // operator's calls, and what reaches the operator must be reported for what it is
    Map<Fault, Integer> bursts = new LinkedHashMap<>();
    bursts.put(Fault.THROTTLING, 8);
    bursts.put(Fault.SERVER_ERROR, 8);
    // an expired token is not retried by the SDK: one is enough, and each costs a slow backoff
    bursts.put(Fault.EXPIRED_TOKEN, 1);
    Map<Fault, String> reasons =
        Map.of(
            Fault.THROTTLING, "Throttled",
            Fault.SERVER_ERROR, "BackupFailed",
            Fault.EXPIRED_TOKEN, "AccessDenied");
    Map<Fault, List<String>> reported = new LinkedHashMap<>();
    for (Map.Entry<Fault, Integer> burst : bursts.entrySet()) {
      Fault fault = burst.getKey();
      // each burst meets a schedule that has recovered from the last one
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(90),
          "recovered, Ready=True",
          s -> s.getStatus().getConsecutiveFailures() == 0 && isReady(s, "True", "Scheduled"));
      Instant from = Instant.now();
      proxy.failNext("AssumeRoleWithWebIdentity", fault, burst.getValue());
      String value = "sts-" + fault;
      cluster.backupNow(ns, "manual", value);
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(150),
          "backup-now " + value + " backed up",
          s -> value.equals(s.getStatus().getLastManualTrigger()) && available(s));
      // how many of the burst the operator met depends on how many calls the backup needed (the
      // inventory made that few): at least one, never more than queued; the rest are dropped so
      // that they cannot meet the next burst's backup
      long met = proxy.injected("AssumeRoleWithWebIdentity", fault);
      proxy.clearNext("AssumeRoleWithWebIdentity");
      assertThat(met)
          .as("%s injected on AssumeRoleWithWebIdentity", fault)
          .isBetween(1L, burst.getValue().longValue());
      met(fault, met);
      List<String> warned = warningsSince(ns, "manual", from);
      assertThat(warned)
          .as("what the operator reported of %s on AssumeRoleWithWebIdentity", fault)
          .allMatch(reasons.get(fault)::equals);
      reported.put(fault, warned);
    }
    BackupLedger ledger = proxy.ledger();
    assertThat(ledger.namesMadeMoreThanOnce()).isEmpty();
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "manual"), TABLE))
        .as("one backup per backup-now value")
        .hasSize(bursts.size());
    Figures.record(
        "aws-faults",
        "STS faults on AssumeRoleWithWebIdentity queued %s, met %s, Warning Events while each"
                .formatted(bursts, metByKind)
            + " lasted %s".formatted(reported));
  }

  @Test
  void throttlingLongerThanTheSdkRetriesShowsThrottledPrunesNothingAndThenBacksUpOnce() {
    ns = cluster.newNamespace("rel");
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

    // more throttled CreateBackups in a row than the store's 5 attempts: the operator must retry
    proxy.failNext("CreateBackup", Fault.THROTTLING, 12);
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
    assertThat(proxy.injected("CreateBackup", Fault.THROTTLING))
        .as("throttled CreateBackups")
        .isEqualTo(12);
    BackupLedger ledger = proxy.ledger();
    assertThat(ledger.ownedBy(TestCluster.backupPrefix(ns, "keep-one"), TABLE)).hasSize(2);
    Judges.keptExactlyTheNewest(ledger, ns, "keep-one", 1);
    Figures.record(
        "aws-faults",
        "throttling burst: 12 ThrottlingExceptions on CreateBackup, consecutiveFailures peaked at %d"
            .formatted(throttled.getStatus().getConsecutiveFailures()));
  }

  /** Reasons of the Warning Events about the schedule since {@code from}. */
  private static List<String> warningsSince(String ns, String name, Instant from) {
    List<String> reasons = new ArrayList<>();
    for (Event e : cluster.events(ns, name)) {
      String last = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
      boolean recent = last == null || !Instant.parse(last).isBefore(from.minusSeconds(1));
      if ("Warning".equals(e.getType()) && recent) {
        reasons.add(e.getReason());
      }
    }
    return reasons;
  }

  private static boolean available(DynamoDBBackupSchedule s) {
    return s.getStatus().getLastBackupArn() != null
        && "AVAILABLE".equals(s.getStatus().getLastBackupStatus());
  }
}
