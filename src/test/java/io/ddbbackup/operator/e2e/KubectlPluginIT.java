package io.ddbbackup.operator.e2e;

import static io.ddbbackup.operator.testing.TestCluster.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * {@code kubectl ddb} as users run it: the real kubectl finds the {@code kubectl-ddb} launcher on
 * PATH, which runs the packaged jar against the real API server and, for the preview, moto (static
 * test keys, as a user's AWS profile would be). The judges are the resources' state the test set up
 * and read back, and moto's listings, never the plugin's output alone.
 */
class KubectlPluginIT extends E2eEnvironment {

  private static Path bin;
  private static Path cache;

  @BeforeAll
  static void putThePluginOnPath() throws IOException {
    Path work = Tools.workDir("KubectlPluginIT");
    bin = Files.createDirectories(work.resolve("bin"));
    cache = Files.createDirectories(work.resolve("cache"));
    Path link = bin.resolve("kubectl-ddb");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Tools.projectRoot().resolve("scripts/kubectl-ddb"));
  }

  @AfterEach
  void deleteRestores() {
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

  Cli.Result ddb(String... args) {
    List<String> command = new ArrayList<>(List.of(Tools.kubectl().toString(), "ddb"));
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("KUBECONFIG", cluster.controlPlane().adminKubeconfig().toString());
    env.put("KUBECTL_DDB_JAR", Tools.operatorJar().toString());
    env.put("XDG_CACHE_HOME", cache.toString());
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ENDPOINT_URL", moto.endpoint());
    return Cli.run(command, null, env);
  }

  @Test
  void statusListsFailingThenSuspendedThenHealthyAndItsExitCodeFollowsTheFleet() throws Exception {
    apply("healthy", "tableName: orders\nschedule: \"0 3 1 1 *\"\nimmediate: true\n");
    apply("failing", "tableName: no-such-table\nschedule: \"0 3 1 1 *\"\nimmediate: true\n");
    apply("paused", "tableName: orders\nschedule: \"0 3 1 1 *\"\nsuspend: true\n");
    awaitSchedule(
        "healthy",
        Duration.ofSeconds(60),
        "AVAILABLE",
        s -> "AVAILABLE".equals(s.getStatus().getLastBackupStatus()) && ready(s) != null);
    awaitSchedule(
        "failing",
        Duration.ofSeconds(60),
        "Ready=False",
        s -> ready(s) != null && "False".equals(ready(s).getStatus()));
    awaitSchedule("paused", Duration.ofSeconds(60), "Ready", s -> ready(s) != null);
    // a drill whose sample key the table never held: the drill fails, the backups go on
    apply(
        "drilled",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        immediate: true
        verify:
          schedule: "0 4 1 1 *"
          sampleKeys:
            - {id: never-written}
        """);
    awaitSchedule(
        "drilled",
        Duration.ofSeconds(60),
        "AVAILABLE",
        s -> "AVAILABLE".equals(s.getStatus().getLastBackupStatus()));
    Cli.Result drill = ddb("drill", "drilled", "-n", ns, "--wait", "--timeout", "3m");
    assertThat(drill.exitCode()).as("a failed drill fails the command").isNotZero();
    // what each must show, from the resources as the API server holds them
    Map<String, String> expected = new TreeMap<>();
    for (String name : List.of("healthy", "failing", "paused", "drilled")) {
      expected.put(name, expectedHealth(schedule(name)));
    }
    assertThat(expected)
        .containsEntry("failing", "FAILING")
        .containsEntry("drilled", "DEGRADED")
        .containsEntry("paused", "SUSPENDED")
        .containsEntry("healthy", "HEALTHY");

    Cli.Result json = ddb("status", "-n", ns, "-o", "json");

    assertThat(json.exitCode()).as(json.err()).isEqualTo(3);
    JsonNode rows = new ObjectMapper().readTree(json.out()).get("schedules");
    List<String> order = new ArrayList<>();
    rows.forEach(
        r -> {
          order.add(r.get("name").asText());
          assertThat(r.get("health").asText()).isEqualTo(expected.get(r.get("name").asText()));
        });
    assertThat(order).containsExactly("failing", "drilled", "paused", "healthy");
    JsonNode failing = rows.get(0);
    assertThat(failing.get("reason").asText()).isEqualTo(ready(schedule("failing")).getReason());
    assertThat(rows.get(1).get("drill").asText())
        .isEqualTo(schedule("drilled").getStatus().getVerification().getLastVerifyResult())
        .isEqualTo("Failed");
    assertThat(rows.get(3).get("lastBackupName").asText()).isEqualTo(backupsOf("healthy").get(0));

    Cli.Result table = ddb("status", "-n", ns);
    assertThat(table.out()).doesNotContain("\u001b[");
    assertThat(table.out().lines().skip(1).map(l -> l.split("\\s+")[1]).toList())
        .containsExactly("failing", "drilled", "paused", "healthy");

    for (String name : List.of("failing", "drilled")) {
      admin().resources(DynamoDBBackupSchedule.class).inNamespace(ns).withName(name).delete();
      await(name + " gone").atMost(Duration.ofSeconds(60)).until(() -> schedule(name) == null);
    }
    assertThat(ddb("status", "-n", ns).exitCode()).isZero();
  }

  @Test
  void backupWaitPrintsTheArnOfABackupMotoListsAsAvailable() {
    apply("manual", "tableName: orders\nschedule: \"0 3 1 1 *\"\nsuspend: true\n");
    awaitSchedule("manual", Duration.ofSeconds(60), "Ready", s -> ready(s) != null);

    Cli.Result run = ddb("backup", "manual", "-n", ns, "--wait", "--timeout", "90s");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String arn = run.out().strip();
    BackupSummary listed =
        moto.backups(TABLE).stream()
            .filter(b -> b.backupArn().equals(arn))
            .findFirst()
            .orElseThrow();
    assertThat(listed.backupStatusAsString()).isEqualTo("AVAILABLE");
    assertThat(listed.backupName()).startsWith(prefix("manual") + "-");
  }

  @Test
  void restoreWaitLeavesATableWithTheSourcesItems() {
    put(Map.of("a", "1", "b", "2", "c", "3"));
    Map<String, String> source = items(TABLE);
    apply("nightly", "tableName: orders\nschedule: \"0 3 1 1 *\"\nsuspend: true\n");
    awaitSchedule("nightly", Duration.ofSeconds(60), "Ready", s -> ready(s) != null);
    assertThat(ddb("backup", "nightly", "-n", ns, "--wait", "--timeout", "90s").exitCode())
        .isZero();

    Cli.Result run =
        ddb("restore", "nightly", "--to", "orders-copy", "-n", ns, "--wait", "--timeout", "2m");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(items("orders-copy")).isEqualTo(source);
    String tableArn =
        moto.dynamoDb().describeTable(d -> d.tableName("orders-copy")).table().tableArn();
    assertThat(run.out().strip()).isEqualTo(tableArn);
    assertThat(run.err()).contains("restored", "orders-copy");
  }

  @Test
  void drillWaitRestoresTheNewestBackupChecksItAndLeavesNoScratchTable() {
    put(Map.of("a", "1", "b", "2", "c", "3"));
    apply(
        "nightly",
        """
        tableName: orders
        schedule: "0 3 1 1 *"
        suspend: true
        verify:
          schedule: "0 4 1 1 *"
        """);
    awaitSchedule("nightly", Duration.ofSeconds(60), "Ready", s -> ready(s) != null);
    assertThat(ddb("backup", "nightly", "-n", ns, "--wait", "--timeout", "90s").exitCode())
        .isZero();
    int restores = gate.forwarded("RestoreTableFromBackup");

    Cli.Result run = ddb("drill", "nightly", "-n", ns, "--wait", "--timeout", "3m");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip())
        .as("the item count is the one the test wrote")
        .startsWith("Passed: 3 items (source 3)");
    assertThat(gate.forwarded("RestoreTableFromBackup") - restores)
        .as("one restore reached moto")
        .isEqualTo(1);
    assertThat(moto.dynamoDb().listTables().tableNames())
        .as("the scratch table is gone")
        .containsExactly(TABLE);
  }

  @Test
  void thePrunePreviewNamesExactlyTheBackupsTheNextRunDeletes() throws Exception {
    apply(
        "kept",
        "tableName: orders\nschedule: \"0 3 1 1 *\"\nsuspend: true\nretention:\n  keepLast: 2\n");
    awaitSchedule("kept", Duration.ofSeconds(60), "Ready", s -> ready(s) != null);
    for (String stamp : List.of("20261201T030000Z", "20261202T030000Z", "20261203T030000Z")) {
      moto.createBackup(TABLE, prefix("kept") + "-" + stamp);
    }
    moto.createBackup(TABLE, "by-hand-backup");
    Set<String> before = names();

    Cli.Result describe = ddb("describe", "kept", "-n", ns, "-o", "json");
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    Set<String> previewed = new HashSet<>();
    new ObjectMapper()
        .readTree(describe.out())
        .at("/prunePreview/backups")
        .forEach(
            b -> {
              if (b.get("action").asText().equals("delete")) {
                previewed.add(b.get("name").asText());
              }
            });

    assertThat(ddb("backup", "kept", "-n", ns, "--wait", "--timeout", "90s").exitCode()).isZero();
    awaitSchedule(
        "kept",
        Duration.ofSeconds(60),
        "pruned",
        s -> s.getStatus().getPrunedCount() != null && s.getStatus().getPrunedCount() > 0);
    Set<String> after = names();
    Set<String> deleted = new HashSet<>(before);
    deleted.removeAll(after);

    // keepLast 2 over three old backups and the new one: the two oldest go
    assertThat(deleted)
        .containsExactlyInAnyOrder(
            prefix("kept") + "-20261201T030000Z", prefix("kept") + "-20261202T030000Z");
    assertThat(previewed).isEqualTo(deleted);
    assertThat(after).contains("by-hand-backup");
  }

  @Test
  void theReleasedTarballRunsAsAPluginAndCarriesTheReleaseVersion() throws Exception {
    Path out = Files.createDirectories(Tools.workDir("KubectlPluginIT").resolve("release"));
    String version = System.getProperty("project.version");
    Cli.run(List.of("bash", "scripts/kubectl-plugin.sh", version, out.toString())).ok();
    Path installed = Files.createDirectories(out.resolve("installed"));
    Cli.run(
            List.of(
                "tar",
                "-xzf",
                out.resolve("kubectl-ddb-" + version + ".tar.gz").toString(),
                "-C",
                installed.toString()))
        .ok();
    assertThat(Files.readString(out.resolve("krew-ddb.yaml")))
        .contains("kubectl-ddb-" + version + ".tar.gz", "bin: kubectl-ddb");

    Cli.Result run =
        Cli.run(
            List.of(Tools.kubectl().toString(), "ddb", "--version"),
            null,
            Map.of(
                "PATH",
                installed + ":" + System.getenv("PATH"),
                "XDG_CACHE_HOME",
                cache.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("kubectl-ddb " + version);
  }

  private Set<String> names() {
    return new HashSet<>(moto.backupNames(TABLE));
  }

  private static Condition ready(DynamoDBBackupSchedule s) {
    if (s.getStatus() == null || s.getStatus().getConditions() == null) {
      return null;
    }
    return s.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElse(null);
  }

  /** What status must say, from the Ready and Verified conditions and the spec the test wrote. */
  private static String expectedHealth(DynamoDBBackupSchedule s) {
    Condition ready = ready(s);
    if (!"True".equals(ready.getStatus())) {
      return "FAILING";
    }
    boolean drillFailed =
        s.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Verified") && "False".equals(c.getStatus()));
    if (drillFailed) {
      return "DEGRADED";
    }
    return Boolean.TRUE.equals(s.getSpec().getSuspend()) ? "SUSPENDED" : "HEALTHY";
  }

  private void put(Map<String, String> values) {
    values.forEach(
        (id, v) ->
            moto.dynamoDb()
                .putItem(
                    p ->
                        p.tableName(TABLE)
                            .item(
                                Map.of(
                                    "id",
                                    AttributeValue.fromS(id),
                                    "v",
                                    AttributeValue.fromS(v)))));
  }

  private Map<String, String> items(String table) {
    Map<String, String> items = new TreeMap<>();
    moto.dynamoDb()
        .scanPaginator(s -> s.tableName(table))
        .items()
        .forEach(i -> items.put(i.get("id").s(), i.get("v").s()));
    return items;
  }
}
