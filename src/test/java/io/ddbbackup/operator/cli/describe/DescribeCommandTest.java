package io.ddbbackup.operator.cli.describe;

import static io.ddbbackup.operator.cli.Fleet.ready;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.cli.ExitCode;
import io.ddbbackup.operator.cli.Fleet;
import io.ddbbackup.operator.cli.TestServices;
import io.ddbbackup.operator.cli.TestServices.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class DescribeCommandTest {

  static final Instant NOW = Instant.parse("2026-03-28T12:00:00Z");

  KubernetesClient client;
  Fleet fleet;
  FakeBackupStore store;
  TestServices cli;

  @BeforeEach
  void setUp() {
    fleet = new Fleet(client);
    store = new FakeBackupStore(Clock.fixed(NOW, ZoneOffset.UTC)).addTable("orders");
    cli = new TestServices(client, Clock.fixed(NOW, ZoneOffset.UTC), store);
  }

  Backup seed(String name, String createdAt, BackupType type) {
    Backup b =
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/" + name,
            name,
            "orders",
            Instant.parse(createdAt),
            BackupStatus.AVAILABLE,
            type,
            100);
    store.seed(b);
    return b;
  }

  void nightlyKeepingTwo(String schedule, String zone) {
    fleet.put(
        "shop",
        "nightly",
        s -> {
          s.setSchedule(schedule);
          s.setTimeZone(zone);
          var r = new RetentionSpec();
          r.setKeepLast(2);
          s.setRetention(r);
        },
        ready("True", "Scheduled", NOW.minusSeconds(3600), null));
  }

  @Test
  void thePreviewDeletesWhatKeepLastLeavesOverOnceTheNextBackupIsAdded() throws Exception {
    nightlyKeepingTwo("0 3 * * *", "UTC");
    seed("shop_nightly-20260325T030000Z", "2026-03-25T03:00:05Z", BackupType.USER);
    seed("shop_nightly-20260326T030000Z", "2026-03-26T03:00:05Z", BackupType.USER);
    seed("shop_nightly-20260327T030000Z", "2026-03-27T03:00:05Z", BackupType.USER);
    seed("shop_nightly-20260328T030000Z", "2026-03-28T03:00:05Z", BackupType.USER);
    seed("orders-by-hand", "2026-03-20T10:00:00Z", BackupType.USER);
    seed("shop_nightly-copy-20260301T030000Z", "2026-03-01T03:00:00Z", BackupType.USER);

    Run run = cli.run("describe", "nightly", "-n", "shop", "-o", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode preview = new ObjectMapper().readTree(run.out()).get("prunePreview");
    assertThat(preview.get("nextBackup").asText()).isEqualTo("shop_nightly-20260329T030000Z");
    // keepLast 2 after the next run: its own backup and the newest existing one
    assertThat(actions(preview, "delete"))
        .containsExactlyInAnyOrder(
            "shop_nightly-20260325T030000Z",
            "shop_nightly-20260326T030000Z",
            "shop_nightly-20260327T030000Z");
    assertThat(actions(preview, "keep"))
        .containsExactly("shop_nightly-20260329T030000Z", "shop_nightly-20260328T030000Z");
    assertThat(store.calls(Operation.DELETE)).isZero();
  }

  @Test
  void theTextSaysWhichRuleKeepsEachBackup() {
    nightlyKeepingTwo("0 3 * * *", "UTC");
    seed("shop_nightly-20260327T030000Z", "2026-03-27T03:00:05Z", BackupType.USER);
    seed("shop_nightly-20260328T030000Z", "2026-03-28T03:00:05Z", BackupType.USER);

    Run run = cli.run("describe", "nightly", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(line(run.out(), "shop_nightly-20260328T030000Z")).contains("KEEP", "keepLast 2");
    assertThat(line(run.out(), "shop_nightly-20260327T030000Z")).contains("DELETE");
    assertThat(run.out()).contains("Next slots (UTC):", "2026-03-29 03:00 Sun +00:00");
  }

  /**
   * The chain of exports the operator recorded is shown: how far it reaches, its base, the bucket.
   */
  @Test
  void theOffsiteChainIsShownWithItsBaseAndTheBucketsProtections() {
    fleet.put(
        "shop",
        "nightly",
        s -> s.setSchedule("0 3 * * *"),
        ready("True", "Scheduled", NOW.minusSeconds(3600), null)
            .andThen(
                st -> {
                  var e = new io.ddbbackup.operator.api.ExportStatus();
                  e.setSince("2026-03-01T00:00:00Z");
                  e.setGapFreeThrough("2026-03-28T02:00:00Z");
                  var base = new io.ddbbackup.operator.api.ExportBaseStatus();
                  base.setExportArn(
                      "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/export/0170-abc");
                  base.setExportTime("2026-03-28T01:00:00Z");
                  base.setItemCount(1200L);
                  e.setBase(base);
                  e.setExportedCount(2L);
                  var p = new io.ddbbackup.operator.api.ExportProtectionsStatus();
                  p.setBucket("offsite-backups");
                  p.setProtections("versioning enabled; Object Lock in COMPLIANCE mode, 30 days");
                  e.setBucketProtections(p);
                  st.setExport(e);
                }));

    Run run = cli.run("describe", "nightly", "-n", "shop", "--no-preview");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(line(run.out(), "gap-free through")).contains("2026-03-28T02:00:00Z");
    assertThat(line(run.out(), "base:")).contains("export/0170-abc", "1200 items");
    assertThat(line(run.out(), "bucket:")).contains("offsite-backups", "COMPLIANCE mode");
  }

  @Test
  void theDrillsOfTheExportChainAreShownWithTheLastResultAndTheOneUnderWay() {
    fleet.put(
        "shop",
        "nightly",
        s -> s.setSchedule("0 3 * * *"),
        ready("True", "Scheduled", NOW.minusSeconds(3600), null)
            .andThen(
                st -> {
                  var v = new io.ddbbackup.operator.api.VerificationStatus();
                  var x = new io.ddbbackup.operator.api.ExportDrillStatus();
                  x.setRestoreName("nightly-chain-drill-20260328-050000");
                  x.setScratchTable("ddbbackup-drill-shop_nightly-chain-20260328T050000Z");
                  x.setPhase("Restoring");
                  x.setStartTime("2026-03-28T05:00:00Z");
                  x.setLastVerifyResult("Failed");
                  x.setLastVerifiedTime("2026-03-21T05:40:00Z");
                  x.setLastRestoredPoint("2026-03-21T04:45:00Z");
                  x.setLastRestoreSeconds(1800L);
                  x.setLastVerifyMessage("sample key {pk=order#9} is missing");
                  v.setExport(x);
                  st.setVerification(v);
                }));

    Run run = cli.run("describe", "nightly", "-n", "shop", "--no-preview");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    String chain = run.out().substring(run.out().indexOf("Drills of the export chain:"));
    assertThat(line(chain, "running:"))
        .contains("Restoring", "nightly-chain-drill-20260328-050000", "2026-03-28T05:00:00Z");
    assertThat(line(chain, "last:"))
        .contains("Failed", "7d", "restored to 2026-03-21T04:45:00Z", "in 1800s");
    assertThat(line(chain, "message:")).contains("order#9");
  }

  @Test
  void aSlotSkippedBySpringForwardIsShownAtTheJumpWithItsRule() throws Exception {
    nightlyKeepingTwo("30 2 * * *", "Europe/Berlin");

    JsonNode slots =
        new ObjectMapper()
            .readTree(cli.run("describe", "nightly", "-n", "shop", "-o", "json").out())
            .get("nextSlots");

    // 2026-03-29 02:30 does not exist in Berlin: classic cron runs it at 03:00 CEST = 01:00Z
    assertThat(slots.get(0).get("at").asText()).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(slots.get(0).get("dst").asText()).contains("jump forward");
    assertThat(slots.get(1).get("at").asText()).isEqualTo("2026-03-30T00:30:00Z");
    assertThat(slots.get(1).has("dst")).isFalse();
  }

  @Test
  void aTimeThatOccursTwiceSaysWhichRunHappens() throws Exception {
    cli =
        new TestServices(
            client, Clock.fixed(Instant.parse("2026-10-24T12:00:00Z"), ZoneOffset.UTC), store);
    nightlyKeepingTwo("30 2 * * *", "Europe/Berlin");

    JsonNode first =
        new ObjectMapper()
            .readTree(
                cli.run("describe", "nightly", "-n", "shop", "-o", "json", "--no-preview").out())
            .get("nextSlots")
            .get(0);

    // 02:30 occurs at +02:00 and again at +01:00; the first one (00:30Z) is the slot
    assertThat(first.get("at").asText()).isEqualTo("2026-10-25T00:30:00Z");
    assertThat(first.get("offset").asText()).isEqualTo("+02:00");
    assertThat(first.get("dst").asText()).contains("occurs twice");
  }

  @Test
  void aDeniedListingLeavesTheRestAndNamesTheFix() throws Exception {
    nightlyKeepingTwo("0 3 * * *", "UTC");
    store.failNext(Operation.LIST, Failure.ACCESS_DENIED, 10);

    Run run = cli.run("describe", "nightly", "-n", "shop", "-o", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertThat(doc.has("prunePreview")).isFalse();
    assertThat(doc.get("nextSlots").size()).isEqualTo(5);
    assertThat(run.err()).contains("dynamodb:ListBackups", "--no-preview");
  }

  @Test
  void anUnknownScheduleIsOneLineNamingWhereToLook() {
    Run run = cli.run("describe", "nope", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err().strip()).doesNotContain("\n").contains("nope", "kubectl ddb status");
  }

  static List<String> actions(JsonNode preview, String action) {
    List<String> names = new ArrayList<>();
    preview
        .get("backups")
        .forEach(
            b -> {
              if (b.get("action").asText().equals(action)) {
                names.add(b.get("name").asText());
              }
            });
    return names;
  }

  static String line(String text, String containing) {
    return text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow();
  }
}
