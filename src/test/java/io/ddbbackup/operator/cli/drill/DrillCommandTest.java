package io.ddbbackup.operator.cli.drill;

import static io.ddbbackup.operator.cli.Fleet.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ddbbackup.operator.api.DrillStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.api.VerifySpec;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Fleet;
import io.ddbbackup.operator.cli.TestServices;
import io.ddbbackup.operator.cli.TestServices.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl ddb drill} against the mock API server; the operator's part (taking up the value,
 * running the drill) is played by the test through the status, as the operator writes it.
 */
@EnableKubernetesMockClient(crud = true)
class DrillCommandTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final String ANNOTATION = DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION;

  KubernetesClient client;
  TestServices cli;

  @BeforeEach
  void setUp() {
    Fleet fleet = new Fleet(client);
    fleet.put(
        "shop",
        "nightly",
        s -> s.setVerify(new VerifySpec()),
        ready("True", "Scheduled", null, null));
    fleet.put("shop", "unverified", s -> {}, ready("True", "Scheduled", null, null));
    cli = new TestServices(client, Clock.fixed(NOW, ZoneOffset.UTC), null);
  }

  DynamoDBBackupSchedule schedule(String name) {
    return client.resources(DynamoDBBackupSchedule.class).inNamespace("shop").withName(name).get();
  }

  @Test
  void aDrillSetsTheAnnotationToANewValue() {
    Run run = cli.run("drill", "nightly", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(schedule("nightly").getMetadata().getAnnotations())
        .containsEntry(ANNOTATION, NOW.toString());
  }

  @Test
  void aScheduleWithoutSpecVerifyIsRefusedNamingTheFieldAndLeftAlone() {
    Run run = cli.run("drill", "unverified", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("spec.verify", "kubectl explain");
    assertThat(schedule("unverified").getMetadata().getAnnotations()).doesNotContainKey(ANNOTATION);
  }

  @Test
  void aDryRunPrintsThePatchAndChangesNothing() throws Exception {
    Run run = cli.run("drill", "nightly", "-n", "shop", "--dry-run");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode patch = new YAMLMapper().readTree(run.out());
    assertThat(patch.at("/metadata/annotations").get(ANNOTATION).asText())
        .isEqualTo(NOW.toString());
    assertThat(schedule("nightly").getMetadata().getAnnotations()).doesNotContainKey(ANNOTATION);
  }

  @Test
  void waitFollowsTheDrillToItsResult() {
    CompletableFuture<Void> operator = playTheOperator("Passed", "3 items (source 3)");

    Run run = cli.run("drill", "nightly", "-n", "shop", "--wait", "--timeout", "30s");

    operator.join();
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out().strip()).isEqualTo("Passed: 3 items (source 3)");
    assertThat(run.err()).contains("backup shop_nightly-20261206T030000Z");
  }

  @Test
  void aFailedDrillExitsUnhealthyWithItsReason() {
    CompletableFuture<Void> operator = playTheOperator("Failed", "sample key order#9 is missing");

    Run run = cli.run("drill", "nightly", "-n", "shop", "--wait", "--timeout", "30s");

    operator.join();
    assertThat(run.exitCode()).isEqualTo(ExitCode.UNHEALTHY);
    assertThat(run.out()).contains("Failed: sample key order#9 is missing");
  }

  /** Takes up the value, shows a drill under way, then ends it with {@code result}. */
  private CompletableFuture<Void> playTheOperator(String result, String message) {
    return CompletableFuture.runAsync(
        () -> {
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> schedule("nightly").getMetadata().getAnnotations() != null);
          String value = schedule("nightly").getMetadata().getAnnotations().get(ANNOTATION);
          DrillStatus running = new DrillStatus();
          running.setPhase("Restoring");
          running.setBackupName("shop_nightly-20261206T030000Z");
          running.setScratchTable("shop_nightly-drill-20261206T120000Z");
          writeVerification(value, running, null, null);
          writeVerification(value, null, result, message);
        });
  }

  private void writeVerification(String trigger, DrillStatus drill, String result, String message) {
    var s = schedule("nightly");
    VerificationStatus v = new VerificationStatus();
    v.setLastDrillTrigger(trigger);
    v.setDrill(drill);
    v.setLastVerifiedBackupName(drill == null ? "shop_nightly-20261206T030000Z" : null);
    v.setLastVerifyResult(result);
    v.setLastVerifyMessage(message);
    s.getStatus().setVerification(v);
    client.resource(s).updateStatus();
  }
}
