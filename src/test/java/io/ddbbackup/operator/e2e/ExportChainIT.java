package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.testing.ExportReader;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The chain of exports the operator makes by itself: a base, then 15-minute incremental windows,
 * across kill -9, a 3-day outage and an outage longer than the PITR window. The operator and the
 * export front run on one clock the test moves ({@code app.ClockedOperator}), so a window lasts a
 * second. The operator's timers count real time, so after each move the test makes it look again
 * with a change of spec.startingDeadlineSeconds (a new generation, which the event filter passes
 * and which touches no export); besides, PITR_CHECK_SECONDS=10 wakes every schedule at least every
 * 10 s.
 *
 * <p>The judges are the operator's outside: the windows expected are computed here from the cron,
 * the period and the times the test set the clock to; the exports made are the front's own record
 * of ExportTableToPointInTime (a call answered with an earlier export of the same token is not a
 * new export, as in DynamoDB); the items are what the test wrote through the front, compared with
 * base + incrementals read back from moto's S3 in AWS's layout ({@link ExportReader}). The
 * operator's status is only waited on, to know it is done before the clock moves again.
 */
@ThroughExportFront(movedClock = true, operatorOnTheClock = true)
@OperatorEnv(name = "PITR_CHECK_SECONDS", value = "10")
class ExportChainIT extends E2eEnvironment {

  private static final String BUCKET = "offsite";
  private static final String DENIED_BUCKET = "offsite-denied";
  private static final List<String> KEYS = List.of("id");
  private static final Duration PERIOD = Duration.ofMinutes(15);

  /** The front's latest restorable time trails its clock by this: DynamoDB's is about 5 min. */
  private static final Duration LAG = Duration.ofMinutes(1);

  private static final Duration STEP_WITHIN = Duration.ofSeconds(60);

  private static DynamoDbClient dynamoDb;
  private static S3Client s3;

  /** What the test wrote, by id: the judge of the exports' content. */
  private final Map<String, Map<String, AttributeValue>> written = new LinkedHashMap<>();

  private int nudges;

  @BeforeAll
  static void exportSide() {
    front.restorableLag(LAG).inProgressFor(Duration.ZERO);
    dynamoDb = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
  }

  @AfterAll
  static void closeClients() {
    if (dynamoDb != null) {
      dynamoDb.close();
      s3.close();
    }
  }

  @BeforeEach
  void aBucketAndTheClockAtTheNextMidnight() {
    s3.createBucket(b -> b.bucket(BUCKET));
    // forward only: the operator's memory of earlier tests never sees time run back
    frontClock.set(frontClock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
  }

  @Test
  void theOperatorExportsABaseAndThenOneIncrementalPerWindowHoldingExactlyTheItemsWritten() {
    put("a", "before the base");
    put("b", "before the base");
    put("c", "before the base");
    Instant base = begin("chain");
    frontClock.set(base.minus(Duration.ofMinutes(20)));
    update("a", "still before the base");
    delete("c");

    exportThrough("chain", base);
    List<Window> expected = new ArrayList<>(List.of(Window.full(base)));
    // window 1: a change, a new item, an item put and deleted inside the window
    update("b", "w1");
    put("d", "w1");
    put("flicker", "w1");
    delete("flicker");
    exportThrough("chain", base.plus(PERIOD));
    expected.add(Window.incremental(base, base.plus(PERIOD)));
    // window 2: the deleted item comes back, one changed in window 1 goes
    put("c", "back in w2");
    delete("d");
    exportThrough("chain", base.plus(PERIOD.multipliedBy(2)));
    expected.add(Window.incremental(base.plus(PERIOD), base.plus(PERIOD.multipliedBy(2))));
    // window 3: nothing written; an empty window is a window all the same
    exportThrough("chain", base.plus(PERIOD.multipliedBy(3)));
    expected.add(
        Window.incremental(base.plus(PERIOD.multipliedBy(2)), base.plus(PERIOD.multipliedBy(3))));
    Map<String, Map<String, AttributeValue>> atTheEnd = new LinkedHashMap<>(written);
    put("late", "w4"); // in the next window, not yet exported: in no export of the bucket

    assertThat(exportsMade("chain"))
        .as("the exports the front was asked for, in order: one per window, each from the last end")
        .containsExactlyElementsOf(expected);
    assertTheBucketHolds(atTheEnd, "chain", base, base.plus(PERIOD.multipliedBy(3)), 3);
  }

  @Test
  void killedRepeatedlyDuringTheChainTheOperatorStillExportsEachWindowExactlyOnce() {
    put("a", "before the base");
    Instant base = begin("crash");

    // the base: killed once its export was started at the front, its answer held in memory only
    moveTo(base.plus(LAG), "crash");
    awaitStarted("crash", Window.full(base));
    killAndRestart();
    awaitThrough("crash", base);
    List<Window> expected = new ArrayList<>(List.of(Window.full(base)));

    // window 1: killed with its call on the way, which is lost: the front never saw it
    put("b", "w1");
    gate.hold("ExportTableToPointInTime");
    moveTo(base.plus(PERIOD).plus(LAG), "crash");
    CreateBackupGate.Held lost = gate.awaitHeld(STEP_WITHIN);
    operator.kill();
    lost.drop();
    gate.pass();
    operator.start();
    awaitThrough("crash", base.plus(PERIOD));
    expected.add(Window.incremental(base, base.plus(PERIOD)));

    // windows 2 and 3: killed after the export started at the front, before the status said so
    for (int w = 2; w <= 3; w++) {
      update("a", "w" + w);
      put("w" + w, "w" + w);
      Instant from = base.plus(PERIOD.multipliedBy(w - 1));
      Instant to = base.plus(PERIOD.multipliedBy(w));
      moveTo(to.plus(LAG), "crash");
      awaitStarted("crash", Window.incremental(from, to));
      killAndRestart();
      awaitThrough("crash", to);
      expected.add(Window.incremental(from, to));
    }

    assertThat(exportsMade("crash"))
        .as("the exports the front was asked for across four kills: each window once")
        .containsExactlyElementsOf(expected);
    assertTheBucketHoldsWhatWasWritten("crash", base, base.plus(PERIOD.multipliedBy(3)), 3);
  }

  @Test
  void afterAThreeDayOutageTheChainCatchesUpInConsecutiveWindowsOfAtMost24Hours() {
    put("a", "before the base");
    Instant base = begin("outage");
    exportThrough("outage", base);
    put("b", "w1");
    Instant through = base.plus(PERIOD);
    exportThrough("outage", through);
    List<Window> before = exportsMade("outage");

    operator.kill();
    frontClock.set(through.plus(Duration.ofHours(5)));
    update("a", "during the outage, day 1");
    frontClock.set(through.plus(Duration.ofHours(30)));
    put("c", "during the outage, day 2");
    delete("b");
    frontClock.set(through.plus(Duration.ofHours(71)));
    put("d", "during the outage, day 3");
    Instant end = through.plus(Duration.ofDays(3));
    frontClock.set(end.plus(LAG));
    operator.start();
    awaitThrough("outage", end);

    List<Window> after = exportsMade("outage").subList(before.size(), exportsMade("outage").size());
    assertThat(after)
        .as("the exports after the outage: 24-hour windows from where the chain was, no new base")
        .containsExactly(
            Window.incremental(through, through.plus(Duration.ofHours(24))),
            Window.incremental(
                through.plus(Duration.ofHours(24)), through.plus(Duration.ofHours(48))),
            Window.incremental(through.plus(Duration.ofHours(48)), end));
    assertTheBucketHoldsWhatWasWritten("outage", base, end, 4);
  }

  @Test
  void anOutageLongerThanThePitrWindowGivesANewBaseAndAReportedGap() {
    put("a", "before the base");
    Instant base = begin("lost");
    exportThrough("lost", base);
    put("b", "w1");
    Instant through = base.plus(PERIOD);
    exportThrough("lost", through);
    int before = exportsMade("lost").size();

    operator.kill();
    frontClock.set(through.plus(Duration.ofDays(10)));
    update("a", "during the outage");
    frontClock.set(through.plus(Duration.ofDays(34)));
    delete("b");
    // 36 days later: the front's PITR window is the last 35 days, the chain ends before it
    Instant now = base.plus(Duration.ofDays(36)).plus(LAG);
    frontClock.set(now);
    Instant earliest = now.minus(Duration.ofDays(35));
    assertThat(
            dynamoDb
                .describeContinuousBackups(b -> b.tableName(TABLE))
                .continuousBackupsDescription()
                .pointInTimeRecoveryDescription()
                .earliestRestorableDateTime())
        .as("the PITR window the front enforces")
        .isEqualTo(earliest)
        .isAfter(through);
    // the newest weekly slot at or before the latest restorable time: the new base
    Instant newBase = base.plus(Duration.ofDays(35));
    gate.hold("ExportTableToPointInTime");
    operator.start();
    CreateBackupGate.Held call = gate.awaitHeld(STEP_WITHIN);
    DynamoDBBackupSchedule recorded = schedule("lost");
    assertThat(condition(recorded, "Exported"))
        .as("the condition while the new base is called")
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ExportGap"))
        .satisfies(c -> assertThat(c.getMessage()).contains(through.toString()));
    gate.pass();
    call.deliver();
    Instant end = newBase.plus(Duration.ofDays(1));
    awaitThrough("lost", end);

    List<Window> after = exportsMade("lost").subList(before, exportsMade("lost").size());
    assertThat(after)
        .as("the exports after the outage: a new base, then the chain from it")
        .containsExactly(Window.full(newBase), Window.incremental(newBase, end));
    ExportStatus status = exported(schedule("lost"));
    assertThat(status.getGaps().getCount()).isEqualTo(1);
    assertThat(Instant.parse(status.getGaps().getLastFrom())).isEqualTo(through);
    assertThat(Instant.parse(status.getGaps().getLastTo())).isEqualTo(newBase);
    assertThat(events("lost", "ExportGap"))
        .as("the Warning Event of the gap")
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .satisfies(e -> assertThat(e.getMessage()).contains(through.toString()));
    assertTheBucketHoldsWhatWasWritten("lost", newBase, end, 1);
  }

  @Test
  void anExportIntoABucketThatRefusesItGetsAConditionNamingTheFix() {
    s3.createBucket(b -> b.bucket(DENIED_BUCKET));
    front.denyBucket(DENIED_BUCKET);
    put("a", "before the base");
    Instant base = begin("denied", DENIED_BUCKET);
    moveTo(base.plus(LAG), "denied");
    awaitStarted("denied", Window.full(base));
    lookAgain("denied"); // to follow it now, not minutes later
    DynamoDBBackupSchedule failed =
        awaitSchedule(
            "denied",
            STEP_WITHIN,
            "the export into the denied bucket failed",
            s -> {
              Condition c = condition(s, "Exported");
              return c != null && "ExportFailed".equals(c.getReason());
            });
    Condition c = condition(failed, "Exported");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getMessage())
        .contains("S3AccessDenied")
        .contains("s3://" + DENIED_BUCKET + "/denied")
        .contains("bucket policy")
        .contains("config/iam/export-bucket-policy.json");
    assertThat(exportsMade("denied")).containsExactly(Window.full(base));
    assertThat(exported(failed).getGapFreeThrough()).isNull();
  }

  // ---- the chain, driven ----

  /**
   * Applies an exporting schedule at the clock's midnight and waits until the operator began its
   * chain there (and turned PITR on through the front); returns the base's slot, one hour later.
   */
  private Instant begin(String name) {
    return begin(name, BUCKET);
  }

  private Instant begin(String name, String bucket) {
    Instant start = frontClock.instant();
    Instant base = start.plus(Duration.ofHours(1));
    DayOfWeek day = base.atZone(ZoneOffset.UTC).getDayOfWeek();
    apply(
        name,
        "tableName: "
            + TABLE
            + "\ntimeZone: UTC\n"
            // no backups on this clock: February 29th is years away
            + "schedule: \"0 3 29 2 *\"\nstartingDeadlineSeconds: 3600\n"
            + "pointInTimeRecovery:\n  enabled: true\nexport:\n  s3Bucket: "
            + bucket
            + "\n  s3Prefix: "
            + name
            + "\n  full: \"0 1 * * "
            + day.getValue() % 7
            + "\"\n  incrementalPeriod: 15m\n");
    awaitSchedule(
        name,
        STEP_WITHIN,
        "the chain begun at " + start,
        s -> exported(s) != null && exported(s).getSince() != null);
    assertThat(Instant.parse(exported(schedule(name)).getSince())).isEqualTo(start);
    return base;
  }

  /**
   * Moves the clock until the latest restorable time is {@code end} and waits until the chain is
   * gap-free through it.
   */
  private void exportThrough(String name, Instant end) {
    moveTo(end.plus(LAG), name);
    awaitThrough(name, end);
  }

  /** The clock set, and the operator made to look at the schedule again. */
  private void moveTo(Instant t, String name) {
    frontClock.set(t);
    lookAgain(name);
  }

  /** A new generation that changes nothing the exports read: the event filter lets it through. */
  private void lookAgain(String name) {
    mergePatch(name, "{\"spec\":{\"startingDeadlineSeconds\":" + (3601 + nudges++ % 2) + "}}");
  }

  private void awaitStarted(String name, Window window) {
    await("the front started the export of " + window + " (operator log " + operator.log() + ")")
        .atMost(STEP_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> exportsMade(name).contains(window));
  }

  /**
   * Waits until the operator is done through {@code end} (a sync point, not a judge). An operator
   * that started an export looks at it again only minutes later on its clock, which stands still:
   * each time the front starts a new export, the operator is made to look again at once.
   */
  private void awaitThrough(String name, Instant end) {
    AtomicInteger started = new AtomicInteger(exportsMade(name).size());
    await("gap-free through " + end + " (operator log " + operator.log() + ")")
        .atMost(STEP_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              int now = exportsMade(name).size();
              if (now > started.getAndSet(now)) {
                lookAgain(name);
              }
              ExportStatus status = exported(schedule(name));
              return status != null
                  && status.getGapFreeThrough() != null
                  && Instant.parse(status.getGapFreeThrough()).equals(end)
                  && status.getInFlight() == null;
            });
  }

  private void killAndRestart() {
    operator.kill();
    operator.start();
  }

  // ---- the judges ----

  /** An export as asked: a full one at {@code to}, or an incremental window [from, to). */
  private record Window(Instant from, Instant to) {
    static Window full(Instant at) {
      return new Window(null, at);
    }

    static Window incremental(Instant from, Instant to) {
      return new Window(from, to);
    }

    @Override
    public String toString() {
      return from == null ? "full at " + to : "[" + from + ", " + to + ")";
    }
  }

  /** The exports the front started into the schedule's prefix, in the order they were asked. */
  private List<Window> exportsMade(String prefix) {
    List<Window> made = new ArrayList<>();
    for (ObjectNode e : front.exports()) {
      if (!prefix.equals(e.path("S3Prefix").asText())) {
        continue;
      }
      if (e.path("ExportType").asText().equals("FULL_EXPORT")) {
        made.add(Window.full(time(e.get("ExportTime"))));
      } else {
        JsonNode spec = e.get("IncrementalExportSpecification");
        made.add(
            Window.incremental(time(spec.get("ExportFromTime")), time(spec.get("ExportToTime"))));
      }
    }
    return made;
  }

  /**
   * The bucket, read as a restore would (manifests, data files with Keys/NewImage/OldImage): its
   * newest base and the incrementals that join on after it hold exactly what the test wrote.
   */
  private void assertTheBucketHoldsWhatWasWritten(
      String prefix, Instant base, Instant end, int incrementals) {
    assertTheBucketHolds(written, prefix, base, end, incrementals);
  }

  private void assertTheBucketHolds(
      Map<String, Map<String, AttributeValue>> items,
      String prefix,
      Instant base,
      Instant end,
      int incrementals) {
    ExportReader.Chain chain = new ExportReader(s3, BUCKET, prefix).chain(KEYS);
    assertThat(chain.items().values())
        .as("base + incrementals through " + chain.through() + " (expected " + end + ")")
        .containsExactlyInAnyOrderElementsOf(items.values());
    assertThat(chain.base().exportTime()).as("the chain's base in the bucket").isEqualTo(base);
    assertThat(chain.gapAt()).as("where the chain in the bucket breaks").isNull();
    assertThat(chain.applied()).as("the incrementals after the base").hasSize(incrementals);
    assertThat(chain.through()).isEqualTo(end);
  }

  private static Instant time(JsonNode epochSeconds) {
    return Instant.ofEpochMilli(epochSeconds.decimalValue().movePointRight(3).longValue());
  }

  private static ExportStatus exported(DynamoDBBackupSchedule s) {
    return s.getStatus() == null ? null : s.getStatus().getExport();
  }

  private static Condition condition(DynamoDBBackupSchedule s, String type) {
    return s.getStatus() == null || s.getStatus().getConditions() == null
        ? null
        : s.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  private List<Event> events(String name, String reason) {
    return cluster.events(ns, name).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  // ---- the test's writes, through the front: the judge of content ----

  private void put(String id, String v) {
    dynamoDb.putItem(p -> p.tableName(TABLE).item(item(id, v)));
    written.put(id, item(id, v));
  }

  private void update(String id, String v) {
    dynamoDb.updateItem(
        u ->
            u.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(v))));
    written.put(id, item(id, v));
  }

  private void delete(String id) {
    dynamoDb.deleteItem(d -> d.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))));
    written.remove(id);
  }

  private static Map<String, AttributeValue> item(String id, String v) {
    return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(v));
  }
}
