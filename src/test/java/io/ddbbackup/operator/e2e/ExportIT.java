package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.testing.ExportReader;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The operator's exports end to end, against the faithful export side ({@link
 * io.ddbbackup.operator.testing.ExportFront}, docs/export-harness.md) between the gate and moto:
 * full exports on a {@code * * * * *} cron. Every judge is what the test wrote (through the front),
 * the slot computed from the cron and the wall clock, the exports the front was asked for, and the
 * files in moto's S3 read back with {@link ExportReader}; the operator's status is checked against
 * those, never used as the judge.
 */
@ThroughExportFront
class ExportIT extends E2eEnvironment {

  private static final String BUCKET = "offsite";
  private static final String OTHER_ACCOUNT = "210987654321";
  private static final String OTHER_BUCKET = "offsite-elsewhere";
  private static final String MISSING_BUCKET = "offsite-missing";
  private static final List<String> KEYS = List.of("id");

  /**
   * How far the latest restorable time trails now. DynamoDB's is about 5 minutes; here a few
   * seconds, so the test stays short and still proves that the operator asks for an export only
   * once the latest restorable time has reached its slot (with a lag of 0 an operator that called
   * at the slot itself passed; every such call was refused with any lag, and the slot abandoned).
   */
  private static final Duration RESTORABLE_LAG = Duration.ofSeconds(5);

  private static DynamoDbClient dynamoDb;
  private static S3Client s3;
  private static S3Client otherAccount;

  /** What the test wrote, by key, and when the last answer came: the judge of export content. */
  private final Map<String, Map<String, AttributeValue>> written = new LinkedHashMap<>();

  private Instant lastWriteAnswered;

  @BeforeAll
  static void exportSide() {
    front.restorableLag(RESTORABLE_LAG).inProgressFor(Duration.ofSeconds(2));
    dynamoDb = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
    otherAccount = MotoS3.as(moto.endpoint(), Moto.REGION, OTHER_ACCOUNT);
  }

  @AfterAll
  static void closeClients() {
    if (dynamoDb != null) {
      dynamoDb.close();
      s3.close();
      otherAccount.close();
    }
  }

  @BeforeEach
  void buckets() {
    s3.createBucket(b -> b.bucket(BUCKET));
    otherAccount.createBucket(b -> b.bucket(OTHER_BUCKET));
  }

  @Test
  void aFullExportAtTheSlotHoldsExactlyTheItemsWrittenBeforeItInEachBucketAndAMissingOneIsNamed() {
    put("a", "first");
    put("b", "first");
    put("c", "first");
    update("a", "second");
    delete("c");
    Map<String, Map<String, AttributeValue>> beforeSlot = new LinkedHashMap<>(written);
    Instant slot =
        applyBeforeTheNextSlot(
            List.of(
                "here",
                exporting("s3Bucket: " + BUCKET + "\n    s3Prefix: here\n"),
                "elsewhere",
                exporting(
                    "s3Bucket: "
                        + OTHER_BUCKET
                        + "\n    s3BucketOwner: \""
                        + OTHER_ACCOUNT
                        + "\"\n    s3Prefix: elsewhere\n"),
                "missing",
                exporting("s3Bucket: " + MISSING_BUCKET + "\n    s3Prefix: gone\n")));
    assertThat(lastWriteAnswered).as("the first writes answered before the slot").isBefore(slot);
    await("the slot " + slot + " passed")
        .atMost(Duration.ofSeconds(70))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Instant.now().isAfter(slot));
    put("b", "after the slot"); // changes after the slot are not in the slot's export
    put("d", "after the slot");
    delete("a");

    DynamoDBBackupSchedule here =
        awaitSchedule(
            "here",
            Duration.ofMinutes(4),
            "the slot's export completed",
            s -> exported(s) != null && exported(s).getLastExportArn() != null);
    List<ExportReader.Export> inBucket = new ExportReader(s3, BUCKET, "here").exports();
    assertThat(inBucket).as("exports in s3://" + BUCKET + "/here").hasSize(1);
    ExportReader.Export full = inBucket.get(0);
    assertThat(full.incremental()).isFalse();
    assertThat(full.exportTime()).isEqualTo(slot);
    assertThat(new ExportReader(s3, BUCKET, "here").fullItems(full, KEYS).values())
        .as("the items of the export at " + slot)
        .containsExactlyInAnyOrderElementsOf(beforeSlot.values());
    ExportStatus status = exported(here);
    assertThat(status.getLastExportArn()).isEqualTo(full.arn());
    assertThat(status.getBase().getExportArn()).isEqualTo(full.arn());
    assertThat(Instant.parse(status.getGapFreeThrough())).isEqualTo(slot);
    assertThat(condition(here, "Exported"))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    // beside AWS's files, the record that makes the bucket alone enough to restore: read back
    // from moto's S3 with the operator's own reader of the format
    String recordKey =
        io.ddbbackup.operator.export.ChainKeys.recordKey(
            "here",
            io.ddbbackup.operator.export.ExportWindow.full(slot),
            io.ddbbackup.operator.export.ChainKeys.exportId(full.arn()));
    var record =
        io.ddbbackup.operator.export.ExportRecordJson.read(
            recordKey, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(recordKey)).asByteArray());
    assertThat(record.exportArn()).isEqualTo(full.arn());
    assertThat(record.window()).isEqualTo(io.ddbbackup.operator.export.ExportWindow.full(slot));
    assertThat(record.table().keySchema())
        .extracting(io.ddbbackup.operator.export.TableShape.KeyElement::attributeName)
        .containsExactlyElementsOf(KEYS);
    assertThat(record.previous()).as("a base follows nothing").isNull();

    DynamoDBBackupSchedule elsewhere =
        awaitSchedule(
            "elsewhere",
            Duration.ofMinutes(2),
            "the export into another account's bucket completed",
            s -> exported(s) != null && exported(s).getLastExportArn() != null);
    List<ExportReader.Export> inOther =
        new ExportReader(otherAccount, OTHER_BUCKET, "elsewhere").exports();
    assertThat(inOther).as("exports in the other account's bucket").hasSize(1);
    assertThat(inOther.get(0).exportTime()).isEqualTo(slot);
    assertThat(
            new ExportReader(otherAccount, OTHER_BUCKET, "elsewhere")
                .fullItems(inOther.get(0), KEYS)
                .values())
        .containsExactlyInAnyOrderElementsOf(beforeSlot.values());
    assertThat(exported(elsewhere).getLastExportArn()).isEqualTo(inOther.get(0).arn());

    DynamoDBBackupSchedule missing =
        awaitSchedule(
            "missing",
            Duration.ofMinutes(2),
            "the export into a missing bucket failed",
            s -> {
              Condition c = condition(s, "Exported");
              return c != null && "ExportFailed".equals(c.getReason());
            });
    assertThat(condition(missing, "Exported").getStatus()).isEqualTo("False");
    assertThat(condition(missing, "Exported").getMessage())
        .contains("S3NoSuchBucket")
        .contains("s3://" + MISSING_BUCKET + "/gone");
    assertThat(events("missing", "ExportFailed"))
        .anySatisfy(m -> assertThat(m).contains("S3NoSuchBucket").contains(MISSING_BUCKET));
    assertThat(exported(missing).getGapFreeThrough()).isNull();
    assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(MISSING_BUCKET));
  }

  @Test
  void anOperatorKilledWithItsExportCallInFlightWhoseAnswerIsLostExportsTheWindowOnce() {
    put("a", "first");
    put("b", "first");
    Map<String, Map<String, AttributeValue>> beforeSlot = new LinkedHashMap<>(written);
    gate.hold("ExportTableToPointInTime");
    Instant slot =
        applyBeforeTheNextSlot(
            List.of("crash", exporting("s3Bucket: " + BUCKET + "\n    s3Prefix: crash\n")));
    CreateBackupGate.Held call = gate.awaitHeld(Duration.ofSeconds(75));
    ExportStatus recorded = exported(schedule("crash"));
    assertThat(recorded.getInFlight()).as("the window recorded before the call").isNotNull();
    assertThat(recorded.getInFlight().getExportArn()).isNull();
    assertThat(Instant.parse(recorded.getInFlight().getTo())).isEqualTo(slot);
    assertThat(listExports()).as("exports before the held call lands").isEmpty();

    operator.kill();
    gate.pass();
    call.deliver(); // it reaches the front and starts the export; its answer dies with the process
    await("the held call's export started at the front")
        .atMost(Duration.ofSeconds(20))
        .until(() -> listExports().size() == 1);
    String landed = listExports().get(0).exportArn();

    operator.start();

    DynamoDBBackupSchedule after =
        awaitSchedule(
            "crash",
            Duration.ofMinutes(3),
            "the recorded window's export completed after the restart",
            s -> exported(s) != null && exported(s).getLastExportArn() != null);
    assertThat(exported(after).getLastExportArn()).isEqualTo(landed);
    assertThat(Instant.parse(exported(after).getGapFreeThrough())).isEqualTo(slot);
    Map<Instant, Long> perWindow =
        listExports().stream()
            .map(e -> describe(e.exportArn()).exportTime())
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(perWindow).as("exports per window").containsEntry(slot, 1L);
    assertThat(perWindow.values()).as("no window exported twice").containsOnly(1L);
    List<ExportReader.Export> inBucket = new ExportReader(s3, BUCKET, "crash").exports();
    assertThat(inBucket).extracting(ExportReader.Export::arn).contains(landed);
    assertThat(new ExportReader(s3, BUCKET, "crash").fullItems(inBucket.get(0), KEYS).values())
        .containsExactlyInAnyOrderElementsOf(beforeSlot.values());
  }

  @Test
  void aTableWithPointInTimeRecoveryOffGetsAConditionNamingSpecPointInTimeRecovery() {
    apply(
        "no-pitr",
        "tableName: "
            + TABLE
            + "\nschedule: \"0 3 * * *\"\nexport:\n    s3Bucket: "
            + BUCKET
            + "\n    full: \"* * * * *\"\n");

    DynamoDBBackupSchedule s =
        awaitSchedule(
            "no-pitr",
            Duration.ofSeconds(60),
            "Exported=False for PITR off",
            x -> {
              Condition c = condition(x, "Exported");
              return c != null && "PointInTimeRecoveryOff".equals(c.getReason());
            });
    assertThat(condition(s, "Exported").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Exported").getMessage()).contains("spec.pointInTimeRecovery");
    assertThat(events("no-pitr", "PitrOffForExport"))
        .anySatisfy(m -> assertThat(m).contains("spec.pointInTimeRecovery"));
    assertThat(
            dynamoDb
                .describeContinuousBackups(b -> b.tableName(TABLE))
                .continuousBackupsDescription()
                .pointInTimeRecoveryDescription()
                .pointInTimeRecoveryStatusAsString())
        .isEqualTo("DISABLED");
    assertThat(listExports()).as("no export asked of a table without PITR").isEmpty();
  }

  // ---- helpers ----

  /** A schedule of table orders with PITR on and a full export every minute. */
  private static String exporting(String destination) {
    return "tableName: "
        + TABLE
        + "\nschedule: \"0 3 * * *\"\npointInTimeRecovery:\n  enabled: true\nexport:\n    "
        + destination
        + "    full: \"* * * * *\"\n";
  }

  /**
   * Applies the schedules (name, spec pairs) at least 10 s before a whole minute and returns that
   * minute: the cron's first slot after the schedules were first seen.
   */
  private Instant applyBeforeTheNextSlot(List<String> nameAndSpec) {
    await("10 s or more before the next whole minute")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> secondsToNextMinute(Instant.now()) >= 10);
    Instant appliedAt = Instant.now();
    for (int i = 0; i < nameAndSpec.size(); i += 2) {
      apply(nameAndSpec.get(i), nameAndSpec.get(i + 1));
    }
    assertThat(secondsToNextMinute(Instant.now())).as("applied before the slot").isPositive();
    return appliedAt.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
  }

  private static long secondsToNextMinute(Instant t) {
    return Duration.between(t, t.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)))
        .toSeconds();
  }

  private static ExportStatus exported(DynamoDBBackupSchedule s) {
    return s.getStatus() == null ? null : s.getStatus().getExport();
  }

  private static Condition condition(DynamoDBBackupSchedule s, String type) {
    return s.getStatus().getConditions() == null
        ? null
        : s.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  private List<String> events(String name, String reason) {
    return cluster.events(ns, name).stream()
        .filter(e -> reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  /** The table's exports as DynamoDB's ListExports (the front) answers. */
  private List<ExportSummary> listExports() {
    String arn = dynamoDb.describeTable(b -> b.tableName(TABLE)).table().tableArn();
    return dynamoDb.listExportsPaginator(b -> b.tableArn(arn)).stream()
        .flatMap(page -> page.exportSummaries().stream())
        .toList();
  }

  private ExportDescription describe(String arn) {
    return dynamoDb.describeExport(b -> b.exportArn(arn)).exportDescription();
  }

  private void put(String id, String v) {
    dynamoDb.putItem(p -> p.tableName(TABLE).item(item(id, v)));
    lastWriteAnswered = Instant.now();
    written.put(id, item(id, v));
  }

  private void update(String id, String v) {
    dynamoDb.updateItem(
        u ->
            u.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(v))));
    lastWriteAnswered = Instant.now();
    written.put(id, item(id, v));
  }

  private void delete(String id) {
    dynamoDb.deleteItem(d -> d.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))));
    lastWriteAnswered = Instant.now();
    written.remove(id);
  }

  private static Map<String, AttributeValue> item(String id, String v) {
    return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(v));
  }
}
