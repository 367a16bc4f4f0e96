package io.ddbbackup.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.TableImport;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.testing.ExportFront;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.ddbbackup.operator.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ImportSummary;
import software.amazon.awssdk.services.dynamodb.model.ListImportsResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The import adapter through the export front and moto: a full export the front made of items the
 * test wrote is imported into a new table, exactly once per ClientToken, and the new table holds
 * the items as the test had written them by the export's time.
 */
class DynamoDbTableStoreImportIT {

  @TempDir static Path work;

  private static final String SOURCE = "orders";
  private static final String TARGET_TABLE = "orders-restored";
  private static final TableTarget TARGET = new TableTarget(TARGET_TABLE, Moto.REGION, null);
  private static final String BUCKET = "offsite";
  private static final Duration IN_PROGRESS = Duration.ofMinutes(2);
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final TableShape SHAPE =
      new TableShape(
          "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
          SOURCE,
          List.of(new TableShape.KeyElement("id", "HASH")),
          List.of(new TableShape.AttributeDefinition("id", "S")),
          List.of(),
          List.of(),
          "PAY_PER_REQUEST",
          null,
          null,
          null);

  private static final SystemProperties properties = new SystemProperties();
  private static Moto moto;
  private static MutableClock clock;
  private static ExportFront front;
  private static DynamoDbClient dynamoDb;
  private static S3Client s3;
  private static DynamoDb aws;
  private static TableStore store;

  /** What the test wrote, by key: the judge. */
  private final Map<String, Map<String, AttributeValue>> written = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    moto = new Moto(work).start();
    clock = new MutableClock(START);
    front = new ExportFront(moto.endpoint(), clock).inProgressFor(IN_PROGRESS);
    dynamoDb = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
    properties.set("aws.endpointUrlDynamoDb", front.endpoint());
    aws =
        DynamoDb.connect(
            AwsWire.fastSettings(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    store = aws.tables();
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    properties.close();
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
    clock.set(START);
    Moto.createTable(dynamoDb, SOURCE);
    s3.createBucket(b -> b.bucket(BUCKET));
    dynamoDb.updateContinuousBackups(
        b ->
            b.tableName(SOURCE)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
  }

  @Test
  void aFullExportIsImportedOnceByItsTokenIntoATableHoldingTheItemsAtTheExportTime() {
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 20; i++) {
      put("item-" + i, "first");
    }
    dynamoDb.putItem(
        p ->
            p.tableName(SOURCE)
                .item(
                    Map.of(
                        "id", AttributeValue.fromS("typed"),
                        "n", AttributeValue.fromN("1.50"),
                        "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"))),
                        "m", AttributeValue.fromM(Map.of("ok", AttributeValue.fromBool(true))),
                        "ss", AttributeValue.fromSs(List.of("p", "q")))));
    written.put(
        "typed",
        Map.of(
            "id", AttributeValue.fromS("typed"),
            "n", AttributeValue.fromN("1.50"),
            "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"))),
            "m", AttributeValue.fromM(Map.of("ok", AttributeValue.fromBool(true))),
            "ss", AttributeValue.fromSs(List.of("p", "q"))));
    clock.advance(Duration.ofMinutes(1));
    Instant exportTime = clock.instant();
    Map<String, Map<String, AttributeValue>> atExport = new HashMap<>(written);
    clock.advance(Duration.ofMinutes(1));
    put("item-0", "later");
    put("late", "later");
    dynamoDb.deleteItem(d -> d.tableName(SOURCE).key(Map.of("id", AttributeValue.fromS("item-1"))));
    clock.advance(Duration.ofMinutes(10));
    String dataPrefix = exportAndAwait("base", exportTime);
    ImportRequest request = request("restore-1", TARGET_TABLE, dataPrefix);

    TableImport started = store.importTable(TARGET, request);
    TableImport again = store.importTable(TARGET, request);

    assertThat(started.status()).isEqualTo("IN_PROGRESS");
    assertThat(started.clientToken()).isEqualTo("restore-1");
    assertThat(again.importArn()).isEqualTo(started.importArn());
    assertThat(dynamoDb.describeTable(d -> d.tableName(TARGET_TABLE)).table().tableStatusAsString())
        .as("the table is not usable while the import runs")
        .isEqualTo("CREATING");

    TableImport done = awaitEnd(started.importArn());
    assertThat(done.status()).isEqualTo("COMPLETED");
    assertThat(done.importedItemCount()).isEqualTo(atExport.size());
    assertThat(done.startTime()).isEqualTo(started.startTime());
    assertThat(done.endTime()).isAfter(done.startTime());
    assertThat(scan(TARGET_TABLE)).isEqualTo(atExport);

    // an answer lost after the call: the same token and parameters answer with that import
    assertThat(store.importTable(TARGET, request).importArn()).isEqualTo(started.importArn());
    assertThat(front.imports()).hasSize(1);
    assertThat(dynamoDb.listTables().tableNames()).containsExactlyInAnyOrder(SOURCE, TARGET_TABLE);
    assertThat(store.importsInto(TARGET, started.tableArn()))
        .extracting(TableImport::importArn, TableImport::clientToken)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(started.importArn(), "restore-1"));

    assertThatThrownBy(
            () ->
                store.importTable(
                    TARGET.withTable("orders-other"),
                    request("restore-1", "orders-other", dataPrefix)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.IMPORT_CONFLICT));
    assertThatThrownBy(() -> store.importTable(TARGET, request("restore-2", TARGET_TABLE, "x/")))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.TABLE_ALREADY_EXISTS));
    assertThat(dynamoDb.listTables().tableNames()).containsExactlyInAnyOrder(SOURCE, TARGET_TABLE);
    assertThat(front.imports()).hasSize(1);
  }

  @Test
  void eightHoursLaterTheTokenStartsANewImportWhichFindsTheTableThere() {
    clock.advance(Duration.ofMinutes(1));
    put("a", "first");
    clock.advance(Duration.ofMinutes(10));
    String dataPrefix = exportAndAwait("base", clock.instant().minus(Duration.ofMinutes(5)));
    ImportRequest request = request("restore-1", TARGET_TABLE, dataPrefix);
    awaitEnd(store.importTable(TARGET, request).importArn());

    clock.advance(Duration.ofHours(8));

    assertThatThrownBy(() -> store.importTable(TARGET, request))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.TABLE_ALREADY_EXISTS));
  }

  @Test
  void anExportOfAnEmptyTableImportsAnEmptyTable() {
    clock.advance(Duration.ofMinutes(10));
    String dataPrefix = exportAndAwait("empty", clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(dataPrefix)).contents().size())
        .as("the front writes its data files even when empty")
        .isGreaterThan(1);

    TableImport done =
        awaitEnd(
            store.importTable(TARGET, request("restore-1", TARGET_TABLE, dataPrefix)).importArn());

    assertThat(done.status()).isEqualTo("COMPLETED");
    assertThat(done.importedItemCount()).isZero();
    assertThat(scan(TARGET_TABLE)).isEmpty();
  }

  @Test
  void listImportsPagesTheEndedImportsNewestFirstWithOrWithoutATable() {
    clock.advance(Duration.ofMinutes(10));
    String dataPrefix = exportAndAwait("base", clock.instant().minus(Duration.ofMinutes(5)));
    List<String> arns = new java.util.ArrayList<>();
    for (String table : List.of("restored-1", "restored-2", "restored-3")) {
      arns.add(
          store
              .importTable(TARGET.withTable(table), request("tok-" + table, table, dataPrefix))
              .importArn());
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(IN_PROGRESS);
    String running =
        store
            .importTable(TARGET.withTable("restored-4"), request("tok-4", "restored-4", dataPrefix))
            .importArn();

    ListImportsResponse first = dynamoDb.listImports(l -> l.pageSize(2));
    ListImportsResponse second =
        dynamoDb.listImports(l -> l.pageSize(2).nextToken(first.nextToken()));
    ListImportsResponse oneTable =
        dynamoDb.listImports(
            l -> l.tableArn("arn:aws:dynamodb:eu-west-1:123456789012:table/restored-2"));

    assertThat(importArns(first)).containsExactly(arns.get(2), arns.get(1));
    assertThat(first.nextToken()).matches("([0-9a-f]{16}){7,}");
    assertThat(importArns(second)).containsExactly(arns.get(0));
    assertThat(second.nextToken()).isNull();
    assertThat(importArns(oneTable)).containsExactly(arns.get(1));
    assertThat(oneTable.importSummaryList().get(0).importStatusAsString()).isEqualTo("COMPLETED");

    clock.advance(IN_PROGRESS);
    assertThat(importArns(dynamoDb.listImports(l -> l.pageSize(25))))
        .as("listed once it has ended")
        .containsExactly(running, arns.get(2), arns.get(1), arns.get(0));
  }

  private static List<String> importArns(ListImportsResponse page) {
    return page.importSummaryList().stream().map(ImportSummary::importArn).toList();
  }

  @Test
  void anUnknownImportIsNotFound() {
    assertThatThrownBy(
            () ->
                store.describeImport(
                    TARGET,
                    "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-restored/import/x"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.IMPORT_NOT_FOUND));
  }

  // ---- helpers ----

  private void put(String id, String v) {
    Map<String, AttributeValue> item =
        Map.of(
            "id",
            AttributeValue.fromS(id),
            "v",
            AttributeValue.fromS(v),
            "n",
            AttributeValue.fromN(Integer.toString(v.length())));
    dynamoDb.putItem(p -> p.tableName(SOURCE).item(item));
    written.put(id, item);
  }

  private static ImportRequest request(String token, String table, String dataPrefix) {
    return new ImportRequest(
        token, table, BUCKET, null, dataPrefix, SHAPE, RestoreRequest.Overrides.NONE);
  }

  /** A full export by the front at {@code at}, completed; returns its data folder. */
  private String exportAndAwait(String prefix, Instant at) {
    String tableArn = dynamoDb.describeTable(d -> d.tableName(SOURCE)).table().tableArn();
    String arn =
        dynamoDb
            .exportTableToPointInTime(
                b ->
                    b.tableArn(tableArn)
                        .s3Bucket(BUCKET)
                        .s3Prefix(prefix)
                        .exportType(ExportType.FULL_EXPORT)
                        .exportTime(at))
            .exportDescription()
            .exportArn();
    clock.advance(IN_PROGRESS);
    ExportDescription[] last = new ExportDescription[1];
    await("export " + arn + " ends")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] = dynamoDb.describeExport(d -> d.exportArn(arn)).exportDescription();
              return !last[0].exportStatusAsString().equals("IN_PROGRESS");
            });
    assertThat(last[0].exportStatusAsString()).isEqualTo("COMPLETED");
    return prefix + "/AWSDynamoDB/" + arn.substring(arn.lastIndexOf('/') + 1) + "/data/";
  }

  /** Moves the clock past the time in progress and waits for the import to end. */
  private static TableImport awaitEnd(String importArn) {
    clock.advance(IN_PROGRESS);
    TableImport[] last = new TableImport[1];
    await("import " + importArn + " ends")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] = store.describeImport(TARGET, importArn);
              return !last[0].status().equals("IN_PROGRESS");
            });
    return last[0];
  }

  private static Map<String, Map<String, AttributeValue>> scan(String table) {
    return dynamoDb.scanPaginator(s -> s.tableName(table).consistentRead(true)).items().stream()
        .collect(Collectors.toMap(i -> i.get("id").s(), i -> i));
  }
}
