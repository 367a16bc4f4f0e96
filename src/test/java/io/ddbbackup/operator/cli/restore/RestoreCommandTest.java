package io.ddbbackup.operator.cli.restore;

import static io.ddbbackup.operator.cli.Fleet.ready;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Fleet;
import io.ddbbackup.operator.cli.TestServices;
import io.ddbbackup.operator.cli.TestServices.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RestoreCommandTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  KubernetesClient client;
  TestServices cli;

  @BeforeEach
  void setUp() {
    new Fleet(client).put("shop", "nightly", s -> {}, ready("True", "Scheduled", null, null));
    cli = new TestServices(client, Clock.fixed(NOW, ZoneOffset.UTC), null);
  }

  @Test
  void byDefaultItRestoresTheSchedulesNewestBackup() {
    Run run = cli.run("restore", "nightly", "--to", "orders-copy", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    DynamoDBRestore created =
        client
            .resources(DynamoDBRestore.class)
            .inNamespace("shop")
            .withName("nightly-restore-20261206120000")
            .get();
    assertThat(created.getSpec().getTargetTableName()).isEqualTo("orders-copy");
    assertThat(created.getSpec().getSource().getFromSchedule().getName()).isEqualTo("nightly");
  }

  @Test
  void aDryRunPrintsTheRestoreForAPointInTimeAndCreatesNothing() throws Exception {
    Run run =
        cli.run(
            "restore",
            "nightly",
            "--to",
            "orders-0302",
            "--at",
            "2026-12-02T03:15:00Z",
            "-n",
            "shop",
            "--dry-run");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode doc = new YAMLMapper().readTree(run.out());
    assertThat(doc.get("kind").asText()).isEqualTo("DynamoDBRestore");
    assertThat(doc.at("/spec/source/pointInTime/fromSchedule").asText()).isEqualTo("nightly");
    assertThat(doc.at("/spec/source/pointInTime/restoreTime").asText())
        .isEqualTo("2026-12-02T03:15:00Z");
    assertThat(client.resources(DynamoDBRestore.class).inNamespace("shop").list().getItems())
        .isEmpty();
  }

  @Test
  void aNamedBackupGoesToSourceBackupName() throws Exception {
    Run run =
        cli.run(
            "restore",
            "nightly",
            "--to",
            "t-copy",
            "--backup",
            "shop_nightly-20261201T030000Z",
            "--dry-run");

    JsonNode doc = new YAMLMapper().readTree(run.out());
    assertThat(doc.at("/spec/source/backupName").asText())
        .isEqualTo("shop_nightly-20261201T030000Z");
  }

  @Test
  void atAndBackupTogetherIsAUsageError() {
    Run run =
        cli.run(
            "restore",
            "nightly",
            "--to",
            "t-copy",
            "--backup",
            "b-1",
            "--at",
            "2026-12-02T03:15:00Z");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void anUnreadableTimeIsOneLineWithAnExample() {
    Run run = cli.run("restore", "nightly", "--to", "t-copy", "--at", "yesterday", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err().strip())
        .isEqualTo(
            "error: --at yesterday is not an RFC 3339 time: write e.g. 2026-03-02T03:15:00Z");
  }

  @Test
  void fromExportWithAScheduleRestoresItsChainToThePointAsked() throws Exception {
    Run run =
        cli.run(
            "restore",
            "nightly",
            "--to",
            "orders-0302",
            "--from-export",
            "--at",
            "2026-12-02T09:14:00Z",
            "--dry-run");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode doc = new YAMLMapper().readTree(run.out());
    assertThat(doc.at("/spec/source/fromExport/schedule/name").asText()).isEqualTo("nightly");
    assertThat(doc.at("/spec/source/fromExport/pointInTime").asText())
        .isEqualTo("2026-12-02T09:14:00Z");
    assertThat(doc.at("/spec/source/fromExport/bucket").isMissingNode()).isTrue();
  }

  @Test
  void fromABucketAloneNoScheduleIsNeededAndNoneIsLookedFor() {
    Run run =
        cli.run(
            "restore",
            "--to",
            "orders-vault",
            "--from-export",
            "--bucket",
            "vault",
            "--prefix",
            "shop/orders",
            "--bucket-owner",
            "210987654321",
            "--region",
            "eu-west-1",
            "-n",
            "fresh");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    DynamoDBRestore created =
        client
            .resources(DynamoDBRestore.class)
            .inNamespace("fresh")
            .withName("export-restore-20261206120000")
            .get();
    var chain = created.getSpec().getSource().getFromExport();
    assertThat(chain.getBucket()).isEqualTo("vault");
    assertThat(chain.getPrefix()).isEqualTo("shop/orders");
    assertThat(chain.getBucketOwner()).isEqualTo("210987654321");
    assertThat(chain.getSchedule()).isNull();
    assertThat(created.getSpec().getRegion()).isEqualTo("eu-west-1");
  }

  @Test
  void aBucketWithoutAPrefixOrWithAScheduleSaysWhatIsMissing() {
    Run noPrefix =
        cli.run("restore", "--to", "t", "--from-export", "--bucket", "vault", "-n", "shop");
    assertThat(noPrefix.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(noPrefix.err()).contains("--bucket needs --prefix");

    Run both =
        cli.run(
            "restore",
            "nightly",
            "--to",
            "t",
            "--from-export",
            "--bucket",
            "vault",
            "--prefix",
            "p",
            "-n",
            "shop");
    assertThat(both.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(both.err()).contains("not both");

    Run bucketOnly = cli.run("restore", "nightly", "--to", "t", "--bucket", "vault");
    assertThat(bucketOnly.err()).contains("go with --from-export");
    assertThat(client.resources(DynamoDBRestore.class).inAnyNamespace().list().getItems())
        .isEmpty();
  }
}
