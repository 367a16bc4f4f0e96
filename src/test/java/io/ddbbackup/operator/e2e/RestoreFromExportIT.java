package io.ddbbackup.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.app.ReplayCommand;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportRecordJson;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.JobRunner;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.ddbbackup.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A restore from the export chain end to end: the real kube-apiserver, the operator process, moto
 * behind the faithful export front on a clock the test moves (so that 15-minute incremental windows
 * fit in seconds), and the replay Jobs run by {@link JobRunner} through the replay command's own
 * entry point. The test writes, changes and deletes items across a base and three windows, exports
 * them through the front and puts the chain's records in the bucket as the operator writes them
 * beside its own exports. The judge is what the test wrote: the restored table must hold exactly
 * the items as of the end of the last window at or before the point asked.
 */
@ThroughExportFront(movedClock = true)
@OperatorEnv(name = "REPLAY_IMAGE", value = "localhost/dynamodb-backup-operator:e2e")
class RestoreFromExportIT extends E2eEnvironment {

  private static final String SOURCE = "ledger";
  private static final String BUCKET = "vault";
  private static final String PREFIX = "shop/ledger";
  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final Duration RESTORE_WITHIN = Duration.ofMinutes(3);
  private static final Map<String, String> AWS_PROPERTIES = new LinkedHashMap<>();

  private static JobRunner jobs;

  private DynamoDbClient viaFront;
  private S3Client s3;

  /** What the test wrote, by id: the judge, kept at each window's end. */
  private final Map<String, Map<String, AttributeValue>> written = new TreeMap<>();

  private final List<Map<String, Map<String, AttributeValue>>> atWindowEnds = new ArrayList<>();
  private Instant base;
  private String tableArn;
  private int exportIds;

  @BeforeAll
  static void runTheReplayJobsInThisJvm() {
    // the replay command finds AWS from its environment, as in a pod: here the SDK's properties
    AWS_PROPERTIES.put("aws.endpointUrl", moto.endpoint());
    AWS_PROPERTIES.put("aws.region", Moto.REGION);
    AWS_PROPERTIES.put("aws.accessKeyId", "testing");
    AWS_PROPERTIES.put("aws.secretAccessKey", "testing");
    AWS_PROPERTIES.forEach(System::setProperty);
    jobs = JobRunner.start(admin(), ControlPlane.OPERATOR_NAMESPACE, ReplayCommand::run);
    front.inProgressFor(Duration.ZERO);
  }

  @AfterAll
  static void stopTheJobs() {
    if (jobs != null) {
      jobs.close();
    }
    AWS_PROPERTIES.keySet().forEach(System::clearProperty);
  }

  @BeforeEach
  void aChainOfAFullAndThreeIncrementalExports() {
    frontClock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    viaFront = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
    tableArn = Moto.createTable(viaFront, SOURCE);
    s3.createBucket(b -> b.bucket(BUCKET));
    viaFront.updateContinuousBackups(
        b ->
            b.tableName(SOURCE)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    frontClock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 30; i++) {
      put("item-" + i, "base");
    }
    frontClock.advance(Duration.ofMinutes(1));
    base = frontClock.instant();
    // window 1: changes, deletes, new items, one item put and deleted inside the window
    frontClock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 8; i++) {
      put("item-" + i, "w1");
    }
    delete("item-20");
    delete("item-21");
    put("new-1", "w1");
    put("flicker", "w1");
    delete("flicker");
    endWindow(1);
    // window 2: an item deleted in window 1 comes back, one changed in window 1 is deleted
    put("item-20", "back-in-w2");
    delete("item-3");
    put("item-4", "w2");
    put("new-2", "w2");
    endWindow(2);
    // window 3: more of each
    delete("new-1");
    put("item-5", "w3");
    put("new-3", "w3");
    endWindow(3);
    // exports may be asked once the latest restorable time (now - 5 min) has passed their end
    frontClock.advance(Duration.ofMinutes(6));

    ExportRecord full = record(export(ExportType.FULL_EXPORT, null, base), null);
    String previous = full.key();
    for (int w = 0; w < 3; w++) {
      Instant from = base.plus(WINDOW.multipliedBy(w));
      ExportRecord incremental =
          record(export(ExportType.INCREMENTAL_EXPORT, from, from.plus(WINDOW)), previous);
      previous = incremental.key();
    }
  }

  @AfterEach
  void closeClients() {
    admin().resources(DynamoDBRestore.class).inNamespace(ns).delete();
    viaFront.close();
    s3.close();
  }

  @Test
  void aPointBetweenTwoWindowsRestoresExactlyTheItemsWrittenByTheEndOfTheLastWindowBeforeIt() {
    exportingSchedule("ledger-offsite", "");
    Instant asked = base.plus(WINDOW.multipliedBy(2)).plus(Duration.ofMinutes(7));

    restore(
        "back",
        "targetTableName: ledger-restored\nsource:\n  fromExport:\n    schedule:\n      name:"
            + " ledger-offsite\n    pointInTime: \""
            + asked
            + "\"\n    replay:\n      parallelism: 2\n");
    DynamoDBRestore done = awaitPhase("back", "Completed");

    assertThat(scan("ledger-restored")).isEqualTo(atWindowEnds.get(1));
    assertThat(Instant.parse(done.getStatus().getRestoredTo()))
        .isEqualTo(base.plus(WINDOW.multipliedBy(2)));
    assertThat(done.getStatus().getExport().getApplied()).isEqualTo(2);
    assertThat(cluster.events(ns, "back"))
        .extracting(e -> e.getReason())
        .contains("PointEarlierThanAsked", "ImportCompleted", "RestoreCompleted");
    assertThat(jobs.attempts())
        .as("one pod per shard of the two windows applied, each once")
        .filteredOn(
            a -> a.job().contains(done.getMetadata().getUid().replace("-", "").substring(0, 8)))
        .hasSize(4)
        .allMatch(a -> a.exitCode() == 0);
  }

  @Test
  void fromTheBucketAloneWithTheScheduleGoneAndTheOperatorRestartedTheWholeChainIsRestored() {
    exportingSchedule("ledger-offsite", "");
    cluster.deleteSchedules(ns);
    operator.kill();
    operator.start();
    String fresh = cluster.newNamespace("vault");

    admin()
        .resource(
            TestCluster.resource(
                "DynamoDBRestore",
                fresh,
                "from-vault",
                "targetTableName: ledger-from-vault\nsource:\n  fromExport:\n    bucket: "
                    + BUCKET
                    + "\n    prefix: "
                    + PREFIX
                    + "\n"))
        .create();
    DynamoDBRestore done =
        cluster.awaitResource(
            DynamoDBRestore.class,
            fresh,
            "from-vault",
            RESTORE_WITHIN,
            "phase Completed (operator log " + operator.log() + ")",
            r -> r.getStatus() != null && "Completed".equals(r.getStatus().getPhase()));

    assertThat(scan("ledger-from-vault")).isEqualTo(atWindowEnds.get(2));
    assertThat(Instant.parse(done.getStatus().getRestoredTo()))
        .isEqualTo(base.plus(WINDOW.multipliedBy(3)));
    assertThat(done.getStatus().getExport().getApplied()).isEqualTo(3);
  }

  @Test
  void aDrillOfTheChainRestoresItThroughARestoreChecksItAgainstTheRecordsAndLeavesNoTable() {
    exportingSchedule(
        "ledger-drilled",
        "verify:\n  schedule: \"0 4 1 1 *\"\n  source: export\n  sampleKeys:\n    - {id: item-20}\n");
    awaitSchedule("ledger-drilled", Duration.ofSeconds(60), "Ready", s -> s.getStatus() != null);

    mergePatch(
        "ledger-drilled", "{\"metadata\":{\"annotations\":{\"ddbbackup.io/drill-now\":\"1\"}}}");
    DynamoDBBackupSchedule drilled =
        awaitSchedule(
            "ledger-drilled",
            RESTORE_WITHIN.plus(Duration.ofMinutes(1)),
            "a drill of the chain ended (operator log " + operator.log() + ")",
            s ->
                s.getStatus().getVerification() != null
                    && s.getStatus().getVerification().getExport() != null
                    && s.getStatus().getVerification().getExport().getLastVerifyResult() != null);

    var drill = drilled.getStatus().getVerification().getExport();
    // the items the test wrote by the end of the last window: what the chain must restore
    int expected = atWindowEnds.get(2).size();
    assertThat(drill.getLastVerifyResult()).as(drill.getLastVerifyMessage()).isEqualTo("Passed");
    assertThat(drill.getLastVerifyMessage()).startsWith(expected + " items (base 30,");
    assertThat(Instant.parse(drill.getLastRestoredPoint()))
        .isEqualTo(base.plus(WINDOW.multipliedBy(3)));
    assertThat(drilled.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("ExportVerified");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(admin().resources(DynamoDBRestore.class).inNamespace(ns).list().getItems())
        .as("the drill's restore is gone")
        .isEmpty();
    assertThat(moto.dynamoDb().listTables().tableNames())
        .as("its scratch table is gone")
        .contains(SOURCE)
        .noneMatch(t -> t.startsWith("ddbbackup-drill-"));
    assertThat(scan(SOURCE)).isEqualTo(written);
  }

  /** A suspended schedule of the source whose spec.export names the test's chain, and more. */
  private void exportingSchedule(String name, String moreSpec) {
    apply(
        name,
        "tableName: "
            + SOURCE
            + "\nschedule: \"0 3 * * *\"\nsuspend: true\nexport:\n  s3Bucket: "
            + BUCKET
            + "\n  s3Prefix: "
            + PREFIX
            + "\n  full: \"0 1 * * 0\"\n"
            + moreSpec);
  }

  // ---- the chain, as the operator would have made it ----

  private void endWindow(int w) {
    frontClock.set(base.plus(WINDOW.multipliedBy(w)));
    atWindowEnds.add(new TreeMap<>(written));
    frontClock.advance(Duration.ofSeconds(30));
  }

  private ExportDescription export(ExportType type, Instant from, Instant to) {
    String arn =
        viaFront
            .exportTableToPointInTime(
                e -> {
                  e.tableArn(tableArn).s3Bucket(BUCKET).s3Prefix(PREFIX).exportType(type);
                  if (type == ExportType.FULL_EXPORT) {
                    e.exportTime(to);
                  } else {
                    e.incrementalExportSpecification(
                        i ->
                            i.exportFromTime(from)
                                .exportToTime(to)
                                .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES));
                  }
                })
            .exportDescription()
            .exportArn();
    return await("export " + arn + " COMPLETED")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> viaFront.describeExport(d -> d.exportArn(arn)).exportDescription(),
            d -> "COMPLETED".equals(d.exportStatusAsString()));
  }

  /** The record the operator writes beside a completed export, put where it puts it. */
  private ExportRecord record(ExportDescription d, String previous) {
    ExportWindow window =
        d.exportType() == ExportType.FULL_EXPORT
            ? ExportWindow.full(d.exportTime())
            : ExportWindow.incremental(
                d.incrementalExportSpecification().exportFromTime(),
                d.incrementalExportSpecification().exportToTime());
    Export export =
        new Export(
            d.exportArn(),
            Export.State.COMPLETED,
            window,
            "e2e-" + ++exportIds,
            d.itemCount(),
            d.billedSizeBytes(),
            d.exportManifest(),
            null,
            null,
            null,
            null);
    ExportDestination destination =
        new ExportDestination(
            BUCKET,
            null,
            PREFIX,
            ExportDestination.Sse.AES256,
            null,
            ExportDestination.Format.DYNAMODB_JSON);
    TableShape shape =
        new TableShape(
            tableArn,
            SOURCE,
            List.of(new TableShape.KeyElement("id", "HASH")),
            List.of(new TableShape.AttributeDefinition("id", "S")),
            null,
            null,
            "PAY_PER_REQUEST",
            null,
            null,
            null);
    ExportRecord r = ExportRecord.of(destination, window, export, shape, previous, null);
    s3.putObject(
        p -> p.bucket(BUCKET).key(r.key()), RequestBody.fromBytes(ExportRecordJson.write(r)));
    return r;
  }

  // ---- the test's writes: the judge ----

  private void put(String id, String v) {
    Map<String, AttributeValue> item =
        Map.of(
            "id",
            AttributeValue.fromS(id),
            "v",
            AttributeValue.fromS(v),
            "n",
            AttributeValue.fromN(String.valueOf(v.length())));
    viaFront.putItem(p -> p.tableName(SOURCE).item(item));
    written.put(id, item);
  }

  private void delete(String id) {
    viaFront.deleteItem(d -> d.tableName(SOURCE).key(Map.of("id", AttributeValue.fromS(id))));
    written.remove(id);
  }

  private Map<String, Map<String, AttributeValue>> scan(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    moto.dynamoDb()
        .scanPaginator(s -> s.tableName(table).consistentRead(true))
        .items()
        .forEach(i -> items.put(i.get("id").s(), i));
    return new TreeMap<>(items);
  }

  private void restore(String name, String specYaml) {
    admin().resource(TestCluster.resource("DynamoDBRestore", ns, name, specYaml)).create();
  }

  private DynamoDBRestore awaitPhase(String name, String phase) {
    return cluster.awaitResource(
        DynamoDBRestore.class,
        ns,
        name,
        RESTORE_WITHIN,
        "phase " + phase + " (operator log " + operator.log() + ")",
        r -> r.getStatus() != null && phase.equals(r.getStatus().getPhase()));
  }
}
