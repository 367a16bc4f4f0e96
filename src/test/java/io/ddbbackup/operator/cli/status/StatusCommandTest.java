package io.ddbbackup.operator.cli.status;

import static io.ddbbackup.operator.cli.Fleet.drilling;
import static io.ddbbackup.operator.cli.Fleet.lastDrill;
import static io.ddbbackup.operator.cli.Fleet.ready;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicySpec;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Fleet;
import io.ddbbackup.operator.cli.TestServices;
import io.ddbbackup.operator.cli.TestServices.Run;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StatusCommandTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  KubernetesClient client;
  Fleet fleet;
  TestServices cli;

  @BeforeEach
  void setUp() {
    fleet = new Fleet(client);
    cli = new TestServices(client, Clock.fixed(NOW, ZoneOffset.UTC), null);
  }

  void healthy(String ns, String name) {
    fleet.put(
        ns,
        name,
        s -> {},
        ready("True", "Scheduled", NOW.minus(Duration.ofHours(9)), NOW.plus(Duration.ofHours(15))));
  }

  @Test
  void aFailingScheduleIsListedFirstAndTheExitCodeSaysUnhealthy() {
    healthy("shop", "a-healthy");
    fleet.put(
        "shop",
        "b-suspended",
        s -> s.setSuspend(true),
        ready("True", "Suspended", NOW.minus(Duration.ofDays(3)), null));
    fleet.put(
        "shop",
        "c-drilling",
        s -> {},
        drilling(
            ready(
                "True",
                "Scheduled",
                NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofHours(23)))));
    fleet.put(
        "shop",
        "d-failing",
        s -> {},
        ready("False", "TableNotFound", null, NOW.plus(Duration.ofHours(15))));

    Run run = cli.run("status", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.UNHEALTHY);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("NAMESPACE")
        .contains("LAST BACKUP", "NEXT", "DRILL", "PITR", "REASON");
    assertThat(names(lines)).containsExactly("d-failing", "b-suspended", "a-healthy", "c-drilling");
    assertThat(row(lines, "d-failing")).contains("FAILING", "False", "TableNotFound");
    assertThat(row(lines, "a-healthy")).contains("HEALTHY", "9h ago", "in 15h", "Scheduled");
    assertThat(row(lines, "b-suspended")).contains("SUSPENDED", "3d ago", "suspended");
    assertThat(row(lines, "c-drilling")).contains("HEALTHY", "Running");
  }

  /**
   * The off-site point's age is a column; exports that fail (Exported=False) make the schedule
   * DEGRADED and the exit code unhealthy, while a schedule without spec.export shows "-".
   */
  @Test
  void theOffsitePointsAgeIsShownAndFailingExportsDegradeTheSchedule() {
    healthy("shop", "a-plain");
    fleet.put(
        "shop",
        "b-exporting",
        s -> {},
        ready("True", "Scheduled", NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(22)))
            .andThen(
                st -> {
                  var e = new io.ddbbackup.operator.api.ExportStatus();
                  e.setSince(NOW.minus(Duration.ofDays(2)).toString());
                  e.setGapFreeThrough(NOW.minus(Duration.ofHours(3)).toString());
                  st.setExport(e);
                  st.getConditions()
                      .add(
                          new io.fabric8.kubernetes.api.model.ConditionBuilder()
                              .withType("Exported")
                              .withStatus("False")
                              .withReason("ObjectLockRequired")
                              .withMessage("export bucket offsite-backups does not lock")
                              .withLastTransitionTime(NOW.toString())
                              .build());
                }));

    Run run = cli.run("status", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.UNHEALTHY);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).contains("OFFSITE");
    assertThat(row(lines, "b-exporting")).contains("DEGRADED", "3h ago");
    assertThat(row(lines, "a-plain")).contains("HEALTHY");
  }

  @Test
  void healthySuspendedAndDrillingSchedulesExitZero() {
    healthy("shop", "a");
    fleet.put("shop", "b", s -> s.setSuspend(true), ready("True", "Suspended", null, null));
    fleet.put("shop", "c", s -> {}, drilling(ready("True", "Scheduled", NOW, NOW.plusSeconds(60))));

    assertThat(cli.run("status", "-n", "shop").exitCode()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aFailedDrillOrAScheduleNotYetReportedOnIsUnhealthy() {
    fleet.put(
        "shop", "drill-failed", s -> {}, lastDrill("Failed", ready("True", "Scheduled", NOW, NOW)));
    assertThat(cli.run("status", "-n", "shop").exitCode()).isEqualTo(ExitCode.UNHEALTHY);

    fleet.put("other", "new", s -> {}, st -> {});
    Run run = cli.run("status", "-n", "other");
    assertThat(run.exitCode()).isEqualTo(ExitCode.UNHEALTHY);
    assertThat(row(run.out().lines().toList(), "new")).contains("PENDING", "Unknown");
  }

  @Test
  void minusAListsEveryNamespaceAndMinusNOnlyItsOwn() {
    healthy("shop", "orders");
    healthy("billing", "invoices");

    assertThat(names(cli.run("status", "-A").out().lines().toList()))
        .containsExactly("invoices", "orders");
    assertThat(names(cli.run("status", "-n", "billing").out().lines().toList()))
        .containsExactly("invoices");
  }

  @Test
  void jsonCarriesTheVerdictAndEveryRowWorstFirst() throws Exception {
    healthy("shop", "orders");
    fleet.put("shop", "broken", s -> {}, ready("False", "AccessDenied", null, null));

    Run run = cli.run("status", "-n", "shop", "-o", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.UNHEALTHY);
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertThat(doc.get("healthy").asBoolean()).isFalse();
    JsonNode first = doc.get("schedules").get(0);
    assertThat(first.get("name").asText()).isEqualTo("broken");
    assertThat(first.get("health").asText()).isEqualTo("FAILING");
    assertThat(first.get("reason").asText()).isEqualTo("AccessDenied");
    JsonNode second = doc.get("schedules").get(1);
    assertThat(second.get("lastBackupAgeSeconds").asLong()).isEqualTo(9 * 3600);
    assertThat(second.get("nextScheduleTime").asText())
        .isEqualTo(NOW.plus(Duration.ofHours(15)).toString());
  }

  @Test
  void yamlHoldsTheSameDocument() throws Exception {
    healthy("shop", "orders");

    Run run = cli.run("status", "-n", "shop", "-o", "yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode doc = new YAMLMapper().readTree(run.out());
    assertThat(doc.get("healthy").asBoolean()).isTrue();
    assertThat(doc.get("schedules").get(0).get("table").asText()).isEqualTo("orders");
  }

  @Test
  void coloursOnlyOnATerminalThatWantsThem() {
    healthy("shop", "orders");
    String esc = "\u001b[";

    assertThat(cli.run("status", "-n", "shop").out()).doesNotContain(esc);
    var terminal = new TestServices(client, Clock.fixed(NOW, ZoneOffset.UTC), null, Map.of(), true);
    assertThat(terminal.run("status", "-n", "shop").out()).contains(esc + "32mHEALTHY");
    var noColor =
        new TestServices(
            client, Clock.fixed(NOW, ZoneOffset.UTC), null, Map.of("NO_COLOR", "1"), true);
    assertThat(noColor.run("status", "-n", "shop").out()).doesNotContain(esc);
  }

  @Test
  void anEmptyNamespaceSaysSoOnStderrAndIsHealthy() {
    Run run = cli.run("status", "-n", "empty");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("No DynamoDBBackupSchedules found");
  }

  @Test
  void aBadOutputFormatIsAUsageErrorNamingTheChoices() {
    Run run = cli.run("status", "-o", "xml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--output").contains("table, json, yaml");
  }

  static List<String> names(List<String> lines) {
    List<String> names = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      names.add(line.split("\\s+")[1]);
    }
    return names;
  }

  static String row(List<String> lines, String name) {
    return lines.stream().filter(l -> l.split("\\s+")[1].equals(name)).findFirst().orElseThrow();
  }

  @Test
  void policiesFollowTheSchedulesWorstFirstAndAPolicyWithAFailingScheduleIsUnhealthy()
      throws Exception {
    healthy("shop", "a-healthy");
    policy("fleet-ok", "True", "Discovered", 30, 28, 2, 0, NOW.minus(Duration.ofHours(20)));
    policy("fleet-degraded", "True", "Discovered", 12, 12, 0, 3, NOW.minus(Duration.ofDays(2)));

    Run table = cli.run("status", "-n", "shop");

    assertThat(table.exitCode())
        .as("a generated schedule is not Ready")
        .isEqualTo(ExitCode.UNHEALTHY);
    List<String> lines = table.out().lines().toList();
    int header =
        lines.indexOf(lines.stream().filter(l -> l.contains("POLICY")).findFirst().orElseThrow());
    assertThat(lines.get(header))
        .contains("MATCHED", "COVERED", "SKIPPED", "FAILING", "OLDEST POINT");
    assertThat(lines.get(header + 1)).contains("fleet-degraded", "DEGRADED", "12", "3", "2d ago");
    assertThat(lines.get(header + 2)).contains("fleet-ok", "HEALTHY", "30", "28", "20h ago");

    JsonNode json =
        new ObjectMapper().readTree(cli.run("status", "-n", "shop", "-o", "json").out());
    assertThat(json.get("healthy").asBoolean()).isFalse();
    assertThat(json.get("policies").get(0).get("name").asText()).isEqualTo("fleet-degraded");
    assertThat(json.get("policies").get(0).get("failing").asInt()).isEqualTo(3);

    policyDone("fleet-degraded");
    assertThat(cli.run("status", "-n", "shop").exitCode()).isEqualTo(ExitCode.OK);
  }

  private void policy(
      String name,
      String ready,
      String reason,
      int matched,
      int covered,
      int skipped,
      int failing,
      Instant oldest) {
    var p = new DynamoDBBackupPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    var spec = new DynamoDBBackupPolicySpec();
    spec.setRegion("eu-west-1");
    p.setSpec(spec);
    var created = client.resource(p).create();
    var status = new DynamoDBBackupPolicyStatus();
    status.setMatched(matched);
    status.setCovered(covered);
    status.setSkipped(skipped);
    status.setFailing(failing);
    status.setOldestRecoveryPoint(oldest.toString());
    status.setConditions(
        new ArrayList<>(
            List.of(
                new ConditionBuilder()
                    .withType("Ready")
                    .withStatus(ready)
                    .withReason(reason)
                    .withMessage("discovered")
                    .build())));
    created.setStatus(status);
    client.resource(created).updateStatus();
  }

  private void policyDone(String name) {
    var p = client.resources(DynamoDBBackupPolicy.class).inNamespace("shop").withName(name).get();
    p.getStatus().setFailing(0);
    client.resource(p).updateStatus();
  }
}
