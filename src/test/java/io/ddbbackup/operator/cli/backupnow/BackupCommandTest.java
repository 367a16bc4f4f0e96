package io.ddbbackup.operator.cli.backupnow;

import static io.ddbbackup.operator.cli.Fleet.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
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

@EnableKubernetesMockClient(crud = true)
class BackupCommandTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final String ANNOTATION = DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION;

  KubernetesClient client;
  TestServices cli;

  @BeforeEach
  void setUp() {
    new Fleet(client).put("shop", "nightly", s -> {}, ready("True", "Scheduled", null, null));
    cli = new TestServices(client, Clock.fixed(NOW, ZoneOffset.UTC), null);
  }

  DynamoDBBackupSchedule schedule() {
    return client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace("shop")
        .withName("nightly")
        .get();
  }

  @Test
  void aBackupSetsTheAnnotationToANewValue() {
    Run run = cli.run("backup", "nightly", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(schedule().getMetadata().getAnnotations()).containsEntry(ANNOTATION, NOW.toString());
  }

  @Test
  void aDryRunPrintsThePatchAndChangesNothing() throws Exception {
    Run run = cli.run("backup", "nightly", "-n", "shop", "--dry-run");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode patch = new YAMLMapper().readTree(run.out());
    assertThat(patch.at("/metadata/annotations").get(ANNOTATION).asText())
        .isEqualTo(NOW.toString());
    assertThat(schedule().getMetadata().getAnnotations()).doesNotContainKey(ANNOTATION);
  }

  @Test
  void waitFollowsTheBackupToAvailableAndPrintsItsArn() {
    String arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/01";
    // the operator's part, played by the test: take up the value, then finish the backup
    CompletableFuture<Void> operator =
        CompletableFuture.runAsync(
            () -> {
              await()
                  .atMost(Duration.ofSeconds(20))
                  .until(() -> schedule().getMetadata().getAnnotations() != null);
              String value = schedule().getMetadata().getAnnotations().get(ANNOTATION);
              writeStatus(value, null, "CREATING");
              writeStatus(value, arn, "AVAILABLE");
            });

    Run run = cli.run("backup", "nightly", "-n", "shop", "--wait", "--timeout", "30s");

    operator.join();
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out().strip()).isEqualTo(arn);
    assertThat(run.err()).contains("is AVAILABLE");
  }

  @Test
  void aFailedBackupIsAnErrorNamingWhereToLook() {
    CompletableFuture<Void> operator =
        CompletableFuture.runAsync(
            () -> {
              await()
                  .atMost(Duration.ofSeconds(20))
                  .until(() -> schedule().getMetadata().getAnnotations() != null);
              String value = schedule().getMetadata().getAnnotations().get(ANNOTATION);
              writeStatus(
                  value,
                  "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/02",
                  "FAILED");
            });

    Run run = cli.run("backup", "nightly", "-n", "shop", "--wait", "--timeout", "30s");

    operator.join();
    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("ended FAILED", "kubectl ddb describe nightly");
  }

  @Test
  void aBadTimeoutNamesTheForm() {
    Run run = cli.run("backup", "nightly", "-n", "shop", "--wait", "--timeout", "soon");

    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("--timeout soon", "90s");
    assertThat(schedule().getMetadata().getAnnotations()).doesNotContainKey(ANNOTATION);
  }

  private void writeStatus(String trigger, String arn, String state) {
    var s = schedule();
    s.getStatus().setLastManualTrigger(trigger);
    s.getStatus().setLastBackupName("shop_nightly-20261206T120001Z");
    s.getStatus().setLastBackupArn(arn);
    s.getStatus().setLastBackupStatus(state);
    client.resource(s).updateStatus();
  }
}
