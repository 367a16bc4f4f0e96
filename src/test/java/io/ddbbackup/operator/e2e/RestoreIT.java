package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.testing.Moto;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DynamoDBRestore on the real API server and moto, through IRSA. The judge is the items the test
 * wrote (recorded by the test before it changed them) and moto's tables, never the status alone.
 */
class RestoreIT extends E2eEnvironment {

  private static final Duration RESTORE_WITHIN = Duration.ofSeconds(90);

  @AfterEach
  void deleteRestores() {
    if (!operator.isAlive()) {
      operator.start();
    }
    admin().resources(DynamoDBRestore.class).inNamespace(ns).delete();
    await("restores in " + ns + " gone")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin()
                    .resources(DynamoDBRestore.class)
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void fromScheduleRestoresTheItemsAsTheyWereWhenTheBackupWasTaken() {
    put(TABLE, Map.of("a", "first", "b", "first", "c", "first"));
    Map<String, String> atBackupTime = items(TABLE);
    apply("nightly", "tableName: orders\nschedule: \"0 3 1 1 *\"\nimmediate: true\n");
    await("the schedule's backup in moto")
        .atMost(Duration.ofSeconds(60))
        .until(() -> backupsOf("nightly").size() == 1);
    awaitSchedule(
        "nightly",
        Duration.ofSeconds(60),
        "AVAILABLE",
        s -> "AVAILABLE".equals(s.getStatus().getLastBackupStatus()));
    put(TABLE, Map.of("a", "changed", "d", "new"));
    dynamoDb().deleteItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("b"))));
    assertThat(items(TABLE)).isNotEqualTo(atBackupTime);

    restore(
        "back", "source:\n  fromSchedule:\n    name: nightly\ntargetTableName: orders-restored\n");
    DynamoDBRestore done = awaitPhase("back", "Completed");

    assertThat(items("orders-restored")).isEqualTo(atBackupTime);
    TableDescription restored = describe("orders-restored");
    String backupArn = moto.backups(TABLE).get(0).backupArn();
    assertThat(restored.restoreSummary().sourceBackupArn()).isEqualTo(backupArn);
    assertThat(done.getStatus().getSourceBackupArn()).isEqualTo(backupArn);
    assertThat(done.getStatus().getRestoredTableArn()).isEqualTo(restored.tableArn());
    assertThat(done.getStatus().getDurationSeconds()).isNotNull().isNotNegative();
    assertThat(cluster.kubectl("get", "ddbrestore", "-n", ns))
        .contains("SOURCE", "TARGET", "PHASE", "DURATION", "AGE")
        .contains(backupsOf("nightly").get(0), "orders-restored", "Completed");
    assertThat(events("back"))
        .extracting(Event::getReason)
        .contains("RestoreStarted", "RestoreCompleted");
  }

  @Test
  void deletingARestoreOfAScheduleInAnotherRegionDeletesTheTableItRestoredThere() {
    // the operator's region is eu-west-1; this schedule's table is in us-east-1
    try (DynamoDbClient east = moto.dynamoDbIn("us-east-1")) {
      Moto.createTable(east, TABLE);
      east.putItem(
          b ->
              b.tableName(TABLE)
                  .item(
                      Map.of("id", AttributeValue.fromS("a"), "value", AttributeValue.fromS("x"))));
      apply(
          "eastern",
          "tableName: orders\nregion: us-east-1\nschedule: \"0 3 1 1 *\"\nimmediate: true\n");
      awaitSchedule(
          "eastern",
          Duration.ofSeconds(60),
          "AVAILABLE",
          s -> "AVAILABLE".equals(s.getStatus().getLastBackupStatus()));
      restore(
          "east-back",
          "source:\n  fromSchedule:\n    name: eastern\ntargetTableName: orders-restored\n"
              + "deletionPolicy: Delete\n");
      awaitPhase("east-back", "Completed");
      assertThat(east.listTables().tableNames()).contains("orders-restored");

      admin().resources(DynamoDBRestore.class).inNamespace(ns).withName("east-back").delete();
      await("the restore gone")
          .atMost(Duration.ofSeconds(60))
          .until(() -> restoreOf("east-back") == null);

      assertThat(east.listTables().tableNames())
          .as("the restored table is deleted where it was restored; the source stays")
          .containsExactly(TABLE);
    }
  }

  @Test
  void aPointInTimeRestoreBringsTheTableBackAsANewTable() {
    put(TABLE, Map.of("a", "first", "b", "first"));
    dynamoDb()
        .updateContinuousBackups(
            b ->
                b.tableName(TABLE)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    // moto restores the table's items as they are at the call, whatever the time asked for
    Map<String, String> now = items(TABLE);

    restore(
        "pitr",
        "source:\n  pointInTime:\n    tableName: orders\n    useLatestRestorableTime: true\n"
            + "targetTableName: orders-pitr\n");
    DynamoDBRestore done = awaitPhase("pitr", "Completed");

    assertThat(items("orders-pitr")).isEqualTo(now);
    assertThat(describe("orders-pitr").restoreSummary().sourceTableArn())
        .isEqualTo(describe(TABLE).tableArn());
    assertThat(done.getStatus().getSource()).isEqualTo("orders@latest");
  }

  @Test
  void aRestoreIntoATableThatExistsIsRefusedAndLeavesThatTableAsItWas() {
    String backup = moto.createBackup(TABLE, "by-hand");
    int restoresBefore = gate.forwarded("RestoreTableFromBackup");
    int deletesBefore = gate.forwarded("DeleteTable");
    moto.createTable("taken");
    put("taken", Map.of("x", "theirs"));
    TableDescription before = describe("taken");
    Map<String, String> theirItems = items("taken");

    restore(
        "clash",
        "source:\n  backupArn: " + backup + "\ntargetTableName: taken\ndeletionPolicy: Delete\n");
    DynamoDBRestore refused =
        cluster.awaitResource(
            DynamoDBRestore.class,
            ns,
            "clash",
            RESTORE_WITHIN,
            "Ready False TargetExists",
            r -> r.getStatus() != null && "TargetExists".equals(reason(r)));

    assertThat(refused.getStatus().getPhase()).isEqualTo("Pending");
    admin().resources(DynamoDBRestore.class).inNamespace(ns).withName("clash").delete();
    await("the restore gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> restoreOf("clash") == null);
    assertThat(items("taken")).isEqualTo(theirItems);
    assertThat(describe("taken").creationDateTime()).isEqualTo(before.creationDateTime());
    assertThat(describe("taken").restoreSummary()).isNull();
    assertThat(gate.forwarded("RestoreTableFromBackup")).isEqualTo(restoresBefore);
    assertThat(gate.forwarded("DeleteTable")).isEqualTo(deletesBefore);
  }

  @Test
  void anOperatorKilledWhileItsRestoreCallIsInFlightAdoptsTheTableTheCallMade() {
    String backup = moto.createBackup(TABLE, "by-hand");
    int callsBefore = gate.forwarded("RestoreTableFromBackup");
    gate.hold("RestoreTableFromBackup");
    restore("crash", "source:\n  backupArn: " + backup + "\ntargetTableName: orders-crash\n");
    CreateBackupGate.Held call = gate.awaitHeld(Duration.ofSeconds(60));
    DynamoDBRestore recorded = restoreOf("crash");
    assertThat(recorded.getStatus().getPhase()).isEqualTo("Restoring");
    assertThat(recorded.getStatus().getStartTime()).isNotNull();
    assertThat(recorded.getStatus().getRestoredTableArn()).isNull();

    operator.kill();
    gate.pass();
    call.deliver(); // the restore reaches AWS; its answer dies with the process
    await("the table the in-flight call made")
        .atMost(Duration.ofSeconds(30))
        .until(() -> tableNames().contains("orders-crash"));
    operator.start();

    DynamoDBRestore done = awaitPhase("crash", "Completed");
    assertThat(tableNames().stream().filter("orders-crash"::equals)).hasSize(1);
    assertThat(gate.forwarded("RestoreTableFromBackup") - callsBefore).isEqualTo(1);
    assertThat(done.getStatus().getRestoredTableArn())
        .isEqualTo(describe("orders-crash").tableArn());
    assertThat(events("crash")).extracting(Event::getReason).contains("Adopted");
  }

  @Test
  void theSpecCannotBeChangedOnceCreated() {
    String backup = moto.createBackup(TABLE, "by-hand");
    restore("fixed", "source:\n  backupArn: " + backup + "\ntargetTableName: orders-fixed\n");

    assertThatThrownBy(
            () ->
                admin()
                    .resources(DynamoDBRestore.class)
                    .inNamespace(ns)
                    .withName("fixed")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"targetTableName\":\"orders-other\"}}"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("spec is immutable", "create a new DynamoDBRestore");
            });
  }

  @Test
  void aSourceThatIsNotExactlyOneThingIsRefusedByTheApiServer() {
    assertThatThrownBy(
            () ->
                restore(
                    "two",
                    "source:\n  backupName: a-backup\n  fromSchedule:\n    name: nightly\n"
                        + "targetTableName: orders-two\n"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains(
                      "exactly one of backupName, backupArn, fromSchedule, pointInTime or fromExport");
            });
  }

  // ---- helpers ----

  private void restore(String name, String specYaml) {
    admin()
        .resource(
            io.ddbbackup.operator.testing.TestCluster.resource(
                "DynamoDBRestore", ns, name, specYaml))
        .create();
  }

  private DynamoDBRestore restoreOf(String name) {
    return admin().resources(DynamoDBRestore.class).inNamespace(ns).withName(name).get();
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

  private static String reason(DynamoDBRestore restore) {
    return restore.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse(null);
  }

  private List<Event> events(String name) {
    return cluster.events(ns, name).stream()
        .sorted(Comparator.comparing(Event::getLastTimestamp))
        .toList();
  }

  private static DynamoDbClient dynamoDb() {
    return moto.dynamoDb();
  }

  private static void put(String table, Map<String, String> items) {
    items.forEach(
        (key, value) ->
            dynamoDb()
                .putItem(
                    b ->
                        b.tableName(table)
                            .item(
                                Map.of(
                                    "id", AttributeValue.fromS(key),
                                    "value", AttributeValue.fromS(value)))));
  }

  /** Every item of the table, key to value, read with Scan. */
  private static Map<String, String> items(String table) {
    Map<String, String> items = new TreeMap<>();
    dynamoDb()
        .scanPaginator(b -> b.tableName(table))
        .items()
        .forEach(i -> items.put(i.get("id").s(), i.get("value").s()));
    return items;
  }

  private static TableDescription describe(String table) {
    return dynamoDb().describeTable(b -> b.tableName(table)).table();
  }

  private static List<String> tableNames() {
    return dynamoDb().listTablesPaginator().tableNames().stream().toList();
  }
}
