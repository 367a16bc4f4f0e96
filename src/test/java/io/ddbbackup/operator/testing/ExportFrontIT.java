package io.ddbbackup.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.InvalidExportTimeException;
import software.amazon.awssdk.services.dynamodb.model.ListExportsResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The export front judged against what the test wrote through it, with moto behind it and the front
 * on a clock the test moves: full exports hold the table as it was at their ExportTime, incremental
 * exports exactly the items changed in their window, in DynamoDB's layout in S3; the client token,
 * PITR and window rules refuse with DynamoDB's error codes; a missing or denied bucket fails the
 * export; a bucket of another account receives it.
 */
class ExportFrontIT {

  private static final String TABLE = "orders";
  private static final String BUCKET = "exports";
  private static final String OTHER_ACCOUNT = "210987654321";
  private static final List<String> KEYS = List.of("id");
  private static final Duration IN_PROGRESS = Duration.ofMinutes(2);

  private static Moto moto;
  private static MutableClock clock;
  private static ExportFront front;
  private static DynamoDbClient dynamoDb;
  private static S3Client s3;

  /** What the test wrote, by key: the judge. */
  private final Map<String, Map<String, AttributeValue>> written = new LinkedHashMap<>();

  private String tableArn;

  @BeforeAll
  static void start() throws IOException {
    Path work = Path.of("target", "e2e", "ExportFrontIT");
    Files.createDirectories(work);
    moto = new Moto(work).start();
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    front = new ExportFront(moto.endpoint(), clock).inProgressFor(IN_PROGRESS);
    dynamoDb = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
  }

  @AfterAll
  static void stop() {
    if (dynamoDb != null) {
      dynamoDb.close();
      s3.close();
      front.close();
      moto.close();
    }
  }

  @BeforeEach
  void freshTableAndBucket() {
    moto.reset();
    front.forget();
    clock.set(Instant.parse("2026-03-02T09:00:00Z"));
    tableArn = Moto.createTable(dynamoDb, TABLE);
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @Test
  void aFullExportHoldsTheTableAsItWasAtItsExportTimeInDynamoDbsLayout() {
    enablePitr();
    clock.advance(Duration.ofMinutes(1));
    put("a", "first");
    put("b", "first");
    put("c", "first");
    dynamoDb.batchWriteItem(
        b ->
            b.requestItems(
                Map.of(
                    TABLE,
                    List.of(putRequest(item("d", "batch")), putRequest(item("e", "batch"))))));
    written.put("d", item("d", "batch"));
    written.put("e", item("e", "batch"));
    dynamoDb.transactWriteItems(
        t ->
            t.transactItems(
                i -> i.put(p -> p.tableName(TABLE).item(item("f", "transact"))),
                i ->
                    i.update(
                        u ->
                            u.tableName(TABLE)
                                .key(key("a"))
                                .updateExpression("SET v = :v, n = :n")
                                .expressionAttributeValues(
                                    Map.of(":v", s("transact"), ":n", n("transact"))))));
    written.put("f", item("f", "transact"));
    written.put("a", item("a", "transact"));
    clock.advance(Duration.ofMinutes(1));
    Instant first = clock.instant();
    Map<String, Map<String, AttributeValue>> atFirst = new HashMap<>(written);

    clock.advance(Duration.ofMinutes(1));
    update("b", "later");
    delete("c");
    put("g", "later");
    clock.advance(Duration.ofMinutes(1));
    Instant second = clock.instant();
    clock.advance(Duration.ofMinutes(10));

    ExportDescription atFirstExport = startFull("first", first, null);
    ExportDescription atSecondExport = startFull("second", second, null);
    assertThat(atFirstExport.exportArn())
        .matches("arn:aws:dynamodb:eu-west-1:123456789012:table/orders/export/\\d{14}-[0-9a-f]{8}");
    assertThat(atFirstExport.exportStatusAsString()).isEqualTo("IN_PROGRESS");
    assertThat(keysUnder("first/")).as("only _started while in progress").hasSize(1);

    ExportDescription done = awaitEnd(atFirstExport.exportArn());
    awaitEnd(atSecondExport.exportArn());
    assertThat(done.exportStatusAsString()).isEqualTo("COMPLETED");
    assertThat(done.exportTime()).isEqualTo(first);
    assertThat(done.itemCount()).isEqualTo(atFirst.size());
    assertThat(done.startTime()).isNotNull();
    assertThat(done.endTime()).isAfterOrEqualTo(done.startTime());
    String dir = "first/AWSDynamoDB/" + id(done.exportArn()) + "/";
    assertThat(done.exportManifest()).isEqualTo(dir + "manifest-summary.json");
    List<String> files = keysUnder("first/");
    assertThat(files)
        .contains(
            dir + "_started",
            dir + "manifest-summary.json",
            dir + "manifest-summary.md5",
            dir + "manifest-files.json",
            dir + "manifest-files.md5");
    assertThat(files.stream().filter(k -> k.startsWith(dir + "data/")))
        .isNotEmpty()
        .allMatch(
            k -> k.matches(java.util.regex.Pattern.quote(dir) + "data/[a-z2-7]{26}\\.json\\.gz"));

    ExportReader first1 = new ExportReader(s3, BUCKET, "first");
    ExportReader.Export summary = first1.exports().get(0);
    assertThat(summary.summary().path("version").asText()).isEqualTo("2020-06-30");
    assertThat(summary.summary().path("exportArn").asText()).isEqualTo(done.exportArn());
    assertThat(summary.exportTime()).isEqualTo(first);
    assertThat(first1.fullItems(summary, KEYS).values())
        .containsExactlyInAnyOrderElementsOf(atFirst.values());
    ExportReader second1 = new ExportReader(s3, BUCKET, "second");
    assertThat(second1.fullItems(second1.exports().get(0), KEYS).values())
        .containsExactlyInAnyOrderElementsOf(written.values());
  }

  @Test
  void anIncrementalExportHoldsExactlyTheItemsChangedInItsWindowWithTheirImages() {
    enablePitr();
    clock.advance(Duration.ofMinutes(1));
    put("a", "before");
    put("b", "before");
    put("c", "before");
    put("d", "before");
    Map<String, AttributeValue> aBefore = written.get("a");
    Map<String, AttributeValue> bBefore = written.get("b");
    clock.advance(Duration.ofMinutes(1));
    Instant from = clock.instant();
    update("a", "once");
    clock.advance(Duration.ofMinutes(1));
    update("a", "twice");
    delete("b");
    put("e", "new");
    put("f", "short-lived");
    clock.advance(Duration.ofMinutes(1));
    delete("f");
    Instant to = from.plus(Duration.ofMinutes(16));
    clock.set(to);
    Map<String, Map<String, AttributeValue>> atTo = new HashMap<>(written);
    update("d", "after the window");
    put("g", "after the window");
    clock.advance(Duration.ofMinutes(10));

    awaitEnd(startFull("chain", from, null).exportArn());
    ExportDescription incremental = awaitEnd(startIncremental("chain", from, to, null).exportArn());
    assertThat(incremental.exportStatusAsString()).isEqualTo("COMPLETED");
    assertThat(incremental.exportTypeAsString()).isEqualTo("INCREMENTAL_EXPORT");
    assertThat(incremental.incrementalExportSpecification().exportFromTime()).isEqualTo(from);
    assertThat(incremental.incrementalExportSpecification().exportToTime()).isEqualTo(to);
    assertThat(incremental.itemCount()).isEqualTo(3);

    ExportReader reader = new ExportReader(s3, BUCKET, "chain");
    ExportReader.Export inc =
        reader.exports().stream()
            .filter(ExportReader.Export::incremental)
            .findFirst()
            .orElseThrow();
    assertThat(inc.summary().path("version").asText()).isEqualTo("2023-08-01");
    assertThat(inc.summary().path("outputView").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    List<String> dataKeys = dataFileKeys(inc);
    assertThat(dataKeys).isNotEmpty().allMatch(k -> k.startsWith("chain/AWSDynamoDB/data/"));

    Map<String, JsonNode> lines =
        reader.lines(inc).stream()
            .collect(Collectors.toMap(l -> l.path("Keys").path("id").path("S").asText(), l -> l));
    assertThat(lines.keySet()).containsExactlyInAnyOrder("a", "b", "e");
    assertThat(image(lines.get("a"), "OldImage")).isEqualTo(aBefore);
    assertThat(image(lines.get("a"), "NewImage")).isEqualTo(atTo.get("a"));
    assertThat(image(lines.get("b"), "OldImage")).isEqualTo(bBefore);
    assertThat(lines.get("b").has("NewImage")).as("b ended deleted").isFalse();
    assertThat(lines.get("e").has("OldImage")).as("e was new in the window").isFalse();
    assertThat(image(lines.get("e"), "NewImage")).isEqualTo(atTo.get("e"));
    assertThat(lines.values())
        .allMatch(l -> l.path("Metadata").path("WriteTimestampMicros").path("N").isTextual());

    ExportReader.Chain chain = reader.chain(KEYS);
    assertThat(chain.through()).isEqualTo(to);
    assertThat(chain.gapAt()).isNull();
    assertThat(chain.itemList()).containsExactlyInAnyOrderElementsOf(atTo.values());

    // a window that does not start where the last ended: the reader stops there and says so
    clock.advance(Duration.ofMinutes(30));
    Instant late = to.plus(Duration.ofMinutes(1));
    awaitEnd(startIncremental("chain", late, late.plus(Duration.ofMinutes(15)), null).exportArn());
    ExportReader.Chain broken = reader.chain(KEYS);
    assertThat(broken.gapAt()).isEqualTo(to);
    assertThat(broken.through()).isEqualTo(to);
    assertThat(broken.applied()).hasSize(1);
    assertThat(broken.itemList()).containsExactlyInAnyOrderElementsOf(atTo.values());
  }

  @Test
  void aClientTokenAnswersWithTheSameExportForEightHoursAndRefusesOtherParameters() {
    enablePitr();
    clock.advance(Duration.ofMinutes(20));
    Instant at = clock.instant().minus(Duration.ofMinutes(10));
    String arn = startFull("token", at, "token-1").exportArn();

    assertThat(startFull("token", at, "token-1").exportArn()).isEqualTo(arn);
    assertThat(keysUnder("token/").stream().filter(k -> k.endsWith("/_started")))
        .as("one export written to S3, not two")
        .hasSize(1);
    assertThatThrownBy(() -> startFull("elsewhere", at, "token-1"))
        .isInstanceOf(ExportConflictException.class);

    clock.advance(Duration.ofHours(8).plusMinutes(1));
    assertThat(startFull("token", at, "token-1").exportArn())
        .as("after 8 hours the token starts a new export")
        .isNotEqualTo(arn);
  }

  @Test
  void exportsOutsideThePitrWindowOrWithABadWindowAreRefusedWithDynamoDbsCodes() {
    clock.advance(Duration.ofMinutes(20));
    assertThatThrownBy(() -> startFull("p", clock.instant().minus(Duration.ofMinutes(10)), null))
        .isInstanceOf(PointInTimeRecoveryUnavailableException.class);

    Instant enabled = clock.instant();
    enablePitr();
    clock.advance(Duration.ofDays(2));
    Instant now = clock.instant();
    assertThatThrownBy(() -> startFull("p", enabled.minusSeconds(1), null))
        .as("before PITR was on")
        .isInstanceOf(InvalidExportTimeException.class);
    assertThatThrownBy(() -> startFull("p", now.minus(Duration.ofMinutes(1)), null))
        .as("later than the latest restorable time, five minutes ago")
        .isInstanceOf(InvalidExportTimeException.class);
    assertThatThrownBy(
            () ->
                startIncremental(
                    "p",
                    enabled.minus(Duration.ofHours(1)),
                    enabled.plus(Duration.ofHours(1)),
                    null))
        .isInstanceOf(InvalidExportTimeException.class);
    Instant from = now.minus(Duration.ofHours(30));
    assertThatThrownBy(() -> startIncremental("p", from, from.plus(Duration.ofMinutes(14)), null))
        .hasMessageContaining("at least 15 minutes");
    assertThatThrownBy(() -> startIncremental("p", from, from.plus(Duration.ofHours(25)), null))
        .hasMessageContaining("at most 24 hours");
    assertThat(
            startIncremental("p", from, from.plus(Duration.ofMinutes(15)), null)
                .exportStatusAsString())
        .isEqualTo("IN_PROGRESS");
    assertThat(
            startIncremental("p", from, from.plus(Duration.ofHours(24)), null)
                .exportStatusAsString())
        .isEqualTo("IN_PROGRESS");

    clock.advance(Duration.ofDays(40));
    assertThatThrownBy(() -> startFull("p", enabled.plus(Duration.ofDays(1)), null))
        .as("older than the 35-day recovery period")
        .isInstanceOf(InvalidExportTimeException.class);
  }

  @Test
  void aMissingOrDeniedBucketFailsTheExportAndAnotherAccountsBucketReceivesIt() {
    enablePitr();
    put("a", "one");
    put("b", "two");
    clock.advance(Duration.ofMinutes(10));
    Instant at = clock.instant().minus(Duration.ofMinutes(6));

    ExportDescription missing =
        awaitEnd(start(full("x", at, null).s3Bucket("no-such-bucket")).exportArn());
    assertThat(missing.exportStatusAsString()).isEqualTo("FAILED");
    assertThat(missing.failureCode()).isEqualTo("S3NoSuchBucket");

    s3.createBucket(b -> b.bucket("locked"));
    front.denyBucket("locked");
    ExportDescription denied = awaitEnd(start(full("x", at, null).s3Bucket("locked")).exportArn());
    assertThat(denied.exportStatusAsString()).isEqualTo("FAILED");
    assertThat(denied.failureCode()).isEqualTo("S3AccessDenied");
    assertThat(keysUnder(s3, "locked", "")).isEmpty();

    try (S3Client other = MotoS3.as(moto.endpoint(), Moto.REGION, OTHER_ACCOUNT)) {
      other.createBucket(b -> b.bucket("offsite"));
      ExportDescription offsite =
          awaitEnd(
              start(full("x", at, null).s3Bucket("offsite").s3BucketOwner(OTHER_ACCOUNT))
                  .exportArn());
      assertThat(offsite.exportStatusAsString()).isEqualTo("COMPLETED");
      assertThat(offsite.s3BucketOwner()).isEqualTo(OTHER_ACCOUNT);
      ExportDescription unnamed =
          awaitEnd(start(full("y", at, null).s3Bucket("offsite")).exportArn());
      assertThat(unnamed.exportStatusAsString())
          .as("another account's bucket without S3BucketOwner")
          .isEqualTo("FAILED");
      assertThat(unnamed.failureCode()).isEqualTo("S3AccessDenied");
      assertThat(keysUnder(other, "offsite", "y/")).isEmpty();
      ExportReader reader = new ExportReader(other, "offsite", "x");
      assertThat(reader.fullItems(reader.exports().get(0), KEYS).values())
          .containsExactlyInAnyOrderElementsOf(written.values());
    }
  }

  @Test
  void listExportsPagesTwentyFiveNewestFirstWithOrWithoutATable() {
    enablePitr();
    clock.advance(Duration.ofHours(1));
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 27; i++) {
      started.add(
          startFull("l", clock.instant().minus(Duration.ofMinutes(10 + i)), null).exportArn());
      clock.advance(Duration.ofSeconds(1));
    }
    List<String> newestFirst = new ArrayList<>(started);
    java.util.Collections.reverse(newestFirst);

    ListExportsResponse page1 = dynamoDb.listExports(l -> l.tableArn(tableArn));
    assertThat(arns(page1)).isEqualTo(newestFirst.subList(0, 25));
    ListExportsResponse page2 =
        dynamoDb.listExports(l -> l.tableArn(tableArn).nextToken(page1.nextToken()));
    assertThat(arns(page2)).isEqualTo(newestFirst.subList(25, 27));
    assertThat(page2.nextToken()).isNull();

    ListExportsResponse ten = dynamoDb.listExports(l -> l.maxResults(10));
    assertThat(arns(ten)).isEqualTo(newestFirst.subList(0, 10));
    assertThat(ten.nextToken()).isNotNull();
  }

  // ---- helpers ----

  private void enablePitr() {
    dynamoDb.updateContinuousBackups(
        b ->
            b.tableName(TABLE)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
  }

  private void put(String id, String v) {
    dynamoDb.putItem(p -> p.tableName(TABLE).item(item(id, v)));
    written.put(id, item(id, v));
  }

  private void update(String id, String v) {
    dynamoDb.updateItem(
        u ->
            u.tableName(TABLE)
                .key(key(id))
                .updateExpression("SET v = :v, n = :n")
                .expressionAttributeValues(Map.of(":v", s(v), ":n", n(v))));
    written.put(id, item(id, v));
  }

  private void delete(String id) {
    dynamoDb.deleteItem(d -> d.tableName(TABLE).key(key(id)));
    written.remove(id);
  }

  private static Map<String, AttributeValue> item(String id, String v) {
    return Map.of("id", s(id), "v", s(v), "n", n(v));
  }

  /** An attribute derived from the value, so an update that misses it shows. */
  private static AttributeValue n(String v) {
    return AttributeValue.fromN(Integer.toString(v.length()));
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static AttributeValue s(String text) {
    return AttributeValue.fromS(text);
  }

  private static software.amazon.awssdk.services.dynamodb.model.WriteRequest putRequest(
      Map<String, AttributeValue> item) {
    return software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
        .putRequest(p -> p.item(item))
        .build();
  }

  private ExportTableToPointInTimeRequest.Builder full(String prefix, Instant at, String token) {
    return ExportTableToPointInTimeRequest.builder()
        .tableArn(tableArn)
        .s3Bucket(BUCKET)
        .s3Prefix(prefix)
        .exportType(ExportType.FULL_EXPORT)
        .exportTime(at)
        .clientToken(token);
  }

  private ExportDescription startFull(String prefix, Instant at, String token) {
    return start(full(prefix, at, token));
  }

  private ExportDescription startIncremental(
      String prefix, Instant from, Instant to, String token) {
    return start(
        ExportTableToPointInTimeRequest.builder()
            .tableArn(tableArn)
            .s3Bucket(BUCKET)
            .s3Prefix(prefix)
            .exportType(ExportType.INCREMENTAL_EXPORT)
            .incrementalExportSpecification(
                s ->
                    s.exportFromTime(from)
                        .exportToTime(to)
                        .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES))
            .clientToken(token));
  }

  private ExportDescription start(ExportTableToPointInTimeRequest.Builder request) {
    return dynamoDb.exportTableToPointInTime(request.build()).exportDescription();
  }

  /** Moves the clock past the time in progress and waits for the export to end. */
  private ExportDescription awaitEnd(String arn) {
    clock.advance(IN_PROGRESS);
    ExportDescription[] last = new ExportDescription[1];
    await("export " + arn + " ends")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] = dynamoDb.describeExport(d -> d.exportArn(arn)).exportDescription();
              return !last[0].exportStatusAsString().equals("IN_PROGRESS");
            });
    return last[0];
  }

  private static String id(String exportArn) {
    return exportArn.substring(exportArn.lastIndexOf('/') + 1);
  }

  private List<String> keysUnder(String prefix) {
    return keysUnder(s3, BUCKET, prefix);
  }

  private static List<String> keysUnder(S3Client client, String bucket, String prefix) {
    return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private List<String> dataFileKeys(ExportReader.Export export) {
    String manifest = export.summary().path("manifestFilesS3Key").asText();
    String text = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(manifest)).asUtf8String();
    List<String> keys = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          keys.add(MotoDynamoDb.JSON.readTree(line).path("dataFileS3Key").asText());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return keys;
  }

  private static Map<String, AttributeValue> image(JsonNode line, String which) {
    return DynamoJson.item(line.get(which));
  }

  private static List<String> arns(ListExportsResponse page) {
    return page.exportSummaries().stream().map(ExportSummary::exportArn).toList();
  }
}
