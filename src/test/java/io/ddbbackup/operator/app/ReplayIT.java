package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.testing.ExportFront;
import io.ddbbackup.operator.testing.ExportReader;
import io.ddbbackup.operator.testing.FaultProxy;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.ddbbackup.operator.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The replay command, through the entry point the Jobs' pods run, against DynamoDB's own export
 * layout (the export front over moto, on a clock the test moves): a table written, a full export,
 * two 16-minute windows of puts, updates and deletes and their incremental exports. The test makes
 * and tags the target, loads the full export into it itself, replays each incremental's shards in
 * order, and judges the table against what it wrote to the source; a replay killed part-way through
 * a shard and run again gives the same table.
 */
class ReplayIT {

  private static final String SOURCE = "orders";
  private static final String BUCKET = "offsite";
  private static final String PREFIX = "shop";
  private static final List<String> KEYS = List.of("id");
  private static final int SHARDS = 2;
  private static final Duration IN_PROGRESS = Duration.ofMinutes(2);
  private static final Duration WINDOW = Duration.ofMinutes(16);

  private static Moto moto;
  private static MutableClock clock;
  private static ExportFront front;
  private static FaultProxy proxy;
  private static DynamoDbClient viaFront;
  private static S3Client s3;
  private static final Map<String, String> previous = new HashMap<>();

  /** The source as the test wrote it: after the full export's time and after each window. */
  private static Map<String, Map<String, AttributeValue>> atFull;

  private static Map<String, Map<String, AttributeValue>> afterFirst;
  private static Map<String, Map<String, AttributeValue>> afterSecond;
  private static ExportReader.Export full;
  private static List<ExportReader.Export> incrementals;
  private static ExportReader reader;

  private static final Map<String, Map<String, AttributeValue>> written = new LinkedHashMap<>();

  @BeforeAll
  static void writeTheSourceAndExportIt() throws IOException {
    Path work = Path.of("target", "e2e", "ReplayIT");
    Files.createDirectories(work);
    moto = new Moto(work).start();
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    front = new ExportFront(moto.endpoint(), clock).inProgressFor(IN_PROGRESS);
    proxy = new FaultProxy("replay", moto.endpoint());
    viaFront = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
    s3.createBucket(b -> b.bucket(BUCKET));
    String sourceArn = Moto.createTable(viaFront, SOURCE);
    viaFront.updateContinuousBackups(
        b ->
            b.tableName(SOURCE)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 80; i++) {
      put("item-" + i, "base");
    }
    clock.advance(Duration.ofMinutes(1));
    Instant fullAt = clock.instant();
    atFull = new HashMap<>(written);

    // window 1: updates, deletes, new items, one created and deleted inside it
    for (int i = 0; i < 80; i += 2) {
      put("item-" + i, "w1");
    }
    for (int i = 1; i < 40; i += 2) {
      delete("item-" + i);
    }
    for (int i = 0; i < 20; i++) {
      put("new-" + i, "w1");
    }
    put("ephemeral", "w1");
    clock.advance(Duration.ofMinutes(3));
    delete("ephemeral");
    Instant firstEnd = fullAt.plus(WINDOW);
    clock.set(firstEnd);
    afterFirst = new HashMap<>(written);

    // window 2: items of window 1 changed again, deleted items back, more deletes and new items
    for (int i = 0; i < 80; i += 4) {
      put("item-" + i, "w2");
    }
    for (int i = 1; i < 20; i += 2) {
      put("item-" + i, "back in w2");
    }
    for (int i = 0; i < 20; i += 2) {
      delete("new-" + i);
    }
    for (int i = 41; i < 80; i += 2) {
      delete("item-" + i);
    }
    for (int i = 0; i < 40; i++) {
      put("late-" + i, "w2");
    }
    Instant secondEnd = firstEnd.plus(WINDOW);
    clock.set(secondEnd);
    afterSecond = new HashMap<>(written);
    put("after-the-windows", "x");
    clock.advance(Duration.ofMinutes(10));

    awaitEnd(
        viaFront
            .exportTableToPointInTime(
                e ->
                    e.tableArn(sourceArn)
                        .s3Bucket(BUCKET)
                        .s3Prefix(PREFIX)
                        .exportType(ExportType.FULL_EXPORT)
                        .exportTime(fullAt))
            .exportDescription());
    for (Instant from : List.of(fullAt, firstEnd)) {
      awaitEnd(
          viaFront
              .exportTableToPointInTime(
                  e ->
                      e.tableArn(sourceArn)
                          .s3Bucket(BUCKET)
                          .s3Prefix(PREFIX)
                          .exportType(ExportType.INCREMENTAL_EXPORT)
                          .incrementalExportSpecification(
                              s ->
                                  s.exportFromTime(from)
                                      .exportToTime(from.plus(WINDOW))
                                      .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES)))
              .exportDescription());
    }
    reader = new ExportReader(s3, BUCKET, PREFIX);
    full = reader.exports().stream().filter(e -> !e.incremental()).findFirst().orElseThrow();
    incrementals =
        reader.exports().stream()
            .filter(ExportReader.Export::incremental)
            .sorted(Comparator.comparing(ExportReader.Export::from))
            .toList();
    assertThat(incrementals).hasSize(2);

    // the replay's AWS: DynamoDB through the fault proxy to moto, S3 at moto, dummy keys
    set("aws.endpointUrlDynamoDb", proxy.endpoint());
    set("aws.endpointUrlS3", moto.endpoint());
    set("aws.endpointUrlSts", moto.endpoint());
    set("aws.accessKeyId", "testing");
    set("aws.secretAccessKey", "testing");
  }

  @AfterAll
  static void stop() {
    previous.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
    if (viaFront != null) {
      viaFront.close();
      s3.close();
      proxy.close();
      front.close();
      moto.close();
    }
  }

  @Test
  void theIncrementalsReplayedInOrderOverTheFullExportGiveTheSourceAsWrittenAtEachWindowsEnd() {
    String uid = "8c1d0e52-0000-4000-8000-00000000000a";
    String target = targetLoadedWithTheFullExport("orders-restored", uid);
    assertThat(scan(target)).isEqualTo(atFull);

    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(replay(target, uid, incrementals.get(0), shard)).isZero();
    }
    assertThat(scan(target)).isEqualTo(afterFirst);

    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(replay(target, uid, incrementals.get(1), shard)).isZero();
    }
    assertThat(scan(target)).isEqualTo(afterSecond);
    assertThat(afterSecond).isNotEqualTo(afterFirst).isNotEqualTo(atFull);
  }

  @Test
  void aReplayKilledPartWayThroughAShardAndRunAgainGivesTheSameTable() {
    String uid = "8c1d0e52-0000-4000-8000-00000000000b";
    String target = targetLoadedWithTheFullExport("orders-killed", uid);
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(replay(target, uid, incrementals.get(0), shard)).isZero();
    }

    // two batches of window 2 reach the table, then every write loses its connection
    proxy.failAfter("BatchWriteItem", 2, FaultProxy.Fault.LOST_RESPONSE);
    int killed = replay(target, uid, incrementals.get(1), 0);
    proxy.clearNext("BatchWriteItem");

    assertThat(killed).as("a lost connection is worth running again").isEqualTo(1);
    Map<String, Map<String, AttributeValue>> halfway = scan(target);
    assertThat(halfway).as("part of window 2 was applied").isNotEqualTo(afterFirst);
    assertThat(halfway).as("not all of it").isNotEqualTo(afterSecond);

    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(replay(target, uid, incrementals.get(1), shard)).isZero();
    }
    assertThat(scan(target)).isEqualTo(afterSecond);
  }

  @Test
  void aTableNotTaggedAsTheRestoresIsRefusedWithExitTwoAndLeftAsItWas() {
    String target = targetLoadedWithTheFullExport("orders-foreign", "someone-else");
    int exit = replay(target, "8c1d0e52-0000-4000-8000-00000000000c", incrementals.get(0), 0);
    assertThat(exit).isEqualTo(2);
    assertThat(scan(target)).isEqualTo(atFull);
  }

  // ---- helpers ----

  /**
   * The target made and tagged by the test, holding the full export's items as the test read them.
   */
  private static String targetLoadedWithTheFullExport(String table, String ownerUid) {
    DynamoDbClient moto0 = moto.dynamoDb();
    String arn = Moto.createTable(moto0, table);
    moto0.tagResource(
        t -> t.resourceArn(arn).tags(g -> g.key("ddbbackup.io/restore-uid").value(ownerUid)));
    List<WriteRequest> puts = new ArrayList<>();
    for (Map<String, AttributeValue> item : reader.fullItems(full, KEYS).values()) {
      puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
    }
    for (int i = 0; i < puts.size(); i += 25) {
      List<WriteRequest> batch = puts.subList(i, Math.min(puts.size(), i + 25));
      moto0.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
    }
    return table;
  }

  /** One pod of the export's replay Job: the command line the operator gives it, its index. */
  private static int replay(String table, String uid, ExportReader.Export export, int shard) {
    ReplayRequest request =
        new ReplayRequest(
            ReplayRequest.jobName("r", uid, 1),
            "ns",
            "r",
            uid,
            1,
            BUCKET,
            null,
            export.summary().path("manifestFilesS3Key").asText(),
            table,
            Moto.REGION,
            null,
            SHARDS,
            null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        ReplayCommand.run(
            request.args(),
            Map.of("JOB_COMPLETION_INDEX", Integer.toString(shard)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    System.out.print(out.toString(StandardCharsets.UTF_8));
    return exit;
  }

  private static Map<String, Map<String, AttributeValue>> scan(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    moto.dynamoDb()
        .scanPaginator(s -> s.tableName(table).consistentRead(true))
        .items()
        .forEach(item -> items.put(item.get("id").s(), item));
    return items;
  }

  private static void put(String id, String v) {
    Map<String, AttributeValue> item =
        Map.of(
            "id",
            AttributeValue.fromS(id),
            "v",
            AttributeValue.fromS(v),
            "n",
            AttributeValue.fromN(Integer.toString(v.length())),
            "history",
            AttributeValue.fromL(List.of(AttributeValue.fromS(v), AttributeValue.fromBool(true))),
            "meta",
            AttributeValue.fromM(
                Map.of("by", AttributeValue.fromS(id), "gone", AttributeValue.fromNul(true))));
    viaFront.putItem(p -> p.tableName(SOURCE).item(item));
    written.put(id, item);
  }

  private static void delete(String id) {
    viaFront.deleteItem(d -> d.tableName(SOURCE).key(Map.of("id", AttributeValue.fromS(id))));
    written.remove(id);
  }

  private static void awaitEnd(ExportDescription started) {
    clock.advance(IN_PROGRESS);
    await("export " + started.exportArn())
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                viaFront
                    .describeExport(d -> d.exportArn(started.exportArn()))
                    .exportDescription()
                    .exportStatusAsString()
                    .equals("COMPLETED"));
  }

  private static void set(String key, String value) {
    previous.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }
}
