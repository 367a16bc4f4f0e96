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
import java.util.Optional;
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

  private static final String STS = "AssumeRoleWithWebIdentity";

  /**
   * How long the SDK signs with credentials it fetched already past their stale time (ours last 3
   * s, inside its one-minute margin): its cache (CachedSupplier, STRICT) keeps such a value for 1 s
   * from when the answer came; 0.5 s is allowed for the answer to come back through the proxy.
   */
  static final Duration REUSED_FOR = Duration.ofMillis(1500);

  @Test
  void stsFaultsDelayABackupButNeverLoseOrDoubleIt() {
    ns = cluster.newNamespace("rel");
    cluster.apply(ns, "manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\n");
    cluster.awaitSchedule(ns, "manual", Duration.ofSeconds(30), "Ready", s -> ready(s) != null);
    // the SDK retries STS itself (and again on the operator's next try), so a burst longer than
    // its attempts reaches the operator as a failed call; what reaches it must be reported for what
    // it is, and every fault of the burst must meet one of its calls before the backup is made
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
    Map<Fault, String> met = new LinkedHashMap<>();
    Map<Fault, List<String>> reported = new LinkedHashMap<>();
    for (Map.Entry<Fault, Integer> burst : bursts.entrySet()) {
      Fault fault = burst.getKey();
      int queued = burst.getValue();
      // each burst meets a schedule that has recovered from the last one, and an operator whose
      // credentials must be fetched again for its next call (none fetched for REUSED_FOR)
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(90),
          "recovered, Ready=True",
          s -> s.getStatus().getConsecutiveFailures() == 0 && isReady(s, "True", "Scheduled"));
      await("no credentials fetched for " + REUSED_FOR)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  lastStsCall().map(t -> t.plus(REUSED_FOR).isBefore(Instant.now())).orElse(true));
      Instant from = Instant.now();
      proxy.failNext(STS, fault, queued);
      String value = "sts-" + fault;
      cluster.backupNow(ns, "manual", value);
      cluster.awaitSchedule(
          ns,
          "manual",
          Duration.ofSeconds(150),
          "backup-now " + value + " backed up",
          s -> value.equals(s.getStatus().getLastManualTrigger()) && available(s));
      List<FaultProxy.Call> calls = proxy.callsSince(from);
      proxy.clearNext(STS); // none may be left for the next burst
      met.put(
          fault, everyFaultMet(calls, from, fault, queued, TestCluster.backupPrefix(ns, "manual")));
      List<String> warned = warningsSince(ns, "manual", from);
      assertThat(warned)
          .as("what the operator reported of %s on %s", fault, STS)
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
        "STS faults on %s queued %s, met %s, Warning Events while each lasted %s"
            .formatted(STS, bursts, met, reported));
  }

  /**
   * Every one of the {@code queued} faults met a call of the operator before the backup was made,
   * so the backup waited for all of them; or, if not, the backup was signed with credentials
   * fetched before the burst and still reused (see {@link #REUSED_FOR}), which the figure then
   * says. Faults are met in the order they were queued and no STS call succeeds while one is left,
   * so a backup signed with new credentials comes after the last of them.
   */
  private static String everyFaultMet(
      List<FaultProxy.Call> calls, Instant from, Fault fault, int queued, String prefix) {
    List<FaultProxy.Call> faulted =
        calls.stream().filter(c -> c.operation().equals(STS) && c.fault() == fault).toList();
    FaultProxy.Call made =
        calls.stream()
            .filter(c -> c.operation().equals("CreateBackup") && c.tookEffect())
            .filter(c -> c.request().contains("\"" + prefix + "-"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CreateBackup of " + prefix + " took effect"));
    long metBefore = faulted.stream().filter(c -> c.received().isBefore(made.received())).count();
    assertThat(faulted.size())
        .as("%s met on %s, of %d queued", fault, STS, queued)
        .isLessThanOrEqualTo(queued);
    if (metBefore == queued) {
      return "%d of %d, the backup made %.1f s after the burst began"
          .formatted(metBefore, queued, Duration.between(from, made.received()).toMillis() / 1e3);
    }
    // fewer: then the backup cannot have waited for new credentials
    Optional<FaultProxy.Call> fetched = lastSuccessBefore(made.received());
    boolean reused =
        fetched.isPresent()
            && fetched.get().received().isBefore(from)
            && fetched.get().received().plus(REUSED_FOR).isAfter(made.received());
    assertThat(reused)
        .as(
            "%d of %d %s faults met before the backup was made at %s, and no credentials fetched"
                + " before the burst began at %s and less than %s before the backup explain it"
                + " (last fetched before the backup: %s)",
            metBefore,
            queued,
            fault,
            made.received(),
            from,
            REUSED_FOR,
            fetched.map(FaultProxy.Call::received).map(Object::toString).orElse("never"))
        .isTrue();
    return ("%d of %d before the backup (%d in all; the backup was signed with credentials fetched"
            + " %d ms before it, before the burst)")
        .formatted(
            metBefore,
            queued,
            faulted.size(),
            Duration.between(fetched.get().received(), made.received()).toMillis());
  }

  /** When the operator last called STS, as the proxy saw it. */
  private static Optional<Instant> lastStsCall() {
    return proxy.calls().stream()
        .filter(c -> c.operation().equals(STS))
        .map(FaultProxy.Call::received)
        .reduce((x, y) -> y);
  }

  /** The last STS call that answered credentials before {@code at}. */
  private static Optional<FaultProxy.Call> lastSuccessBefore(Instant at) {
    return proxy.calls().stream()
        .filter(c -> c.operation().equals(STS) && c.fault() == null && c.tookEffect())
        .filter(c -> c.received().isBefore(at))
        .reduce((x, y) -> y);
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
