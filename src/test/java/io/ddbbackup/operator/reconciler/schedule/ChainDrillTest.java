package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.api.ExportDrillStatus;
import io.ddbbackup.operator.api.ExportSpec;
import io.ddbbackup.operator.api.VerifySpec;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.verify.source export: a drill of the export chain through a DynamoDBRestore the schedule
 * owns. The restore kind does not run here: the test plays it (a scratch table in the fake
 * DynamoDB, the restore's status Completed) and judges what the schedule made, checked and deleted;
 * the range an item count must fall in is computed from the records the fake bucket holds.
 */
class ChainDrillTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  static final Instant ORIGIN = Instant.parse("2026-01-31T12:00:00Z");
  static final Instant BASE = Instant.parse("2026-02-01T01:00:00Z");

  @BeforeEach
  void setUp() {
    client = API.client();
    client.resources(DynamoDBRestore.class).inAnyNamespace().delete();
    fx = new ScheduleFixture(API, ORIGIN);
    fx.dynamo.enablePointInTimeRecovery("orders");
    fx.dynamo.setRestorableLag(Duration.ZERO);
  }

  void createDrilling(String source) {
    fx.create(
        "orders",
        spec -> {
          spec.setSchedule("0 3 1 1 *");
          ExportSpec export = new ExportSpec();
          export.setS3Bucket("offsite-backups");
          export.setFull("0 1 1 * *");
          export.setIncrementalPeriod("1h");
          spec.setExport(export);
          VerifySpec verify = new VerifySpec();
          verify.setSchedule("0 4 1 1 *");
          verify.setSource(source);
          verify.setSampleKeys(List.of(Map.of("pk", "k1")));
          spec.setVerify(verify);
        });
  }

  /** A schedule drilling {@code source}, its chain a base and three hourly windows long. */
  void chainOfThreeWindows(String source) {
    createDrilling(source);
    runUntil(BASE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10)));
  }

  /** A drill-now value, and the reconcile that starts the drill. */
  void drillNow() {
    fx.annotate("orders", DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION, "1");
    fx.reconcile("orders");
  }

  /** Reconciles whenever asked to be woken, until {@code end}, as JOSDK's timer would. */
  void runUntil(Instant end) {
    fx.runUntil("orders", end);
  }

  ExportDrillStatus drill() {
    var v = fx.status("orders").getVerification();
    return v == null ? null : v.getExport();
  }

  List<DynamoDBRestore> restores() {
    return client
        .resources(DynamoDBRestore.class)
        .inNamespace(ScheduleFixture.NAMESPACE)
        .list()
        .getItems();
  }

  /** What the restore kind would do: the scratch table with these items, the restore Completed. */
  void restoreCompletes(String name, String scratch, Instant point, int items) {
    fx.dynamo.addTable(scratch);
    fx.dynamo.putItems(
        scratch, IntStream.rangeClosed(1, items).mapToObj(i -> "k" + i).toArray(String[]::new));
    DynamoDBRestore r =
        client
            .resources(DynamoDBRestore.class)
            .inNamespace(ScheduleFixture.NAMESPACE)
            .withName(name)
            .get();
    DynamoDBRestoreStatus status = new DynamoDBRestoreStatus();
    status.setPhase("Completed");
    status.setRestoredTo(StatusTimes.format(point));
    status.setDurationSeconds(42L);
    r.setStatus(status);
    client.resource(r).updateStatus();
  }

  /** The chain's records as the bucket holds them: {base count, changed items in incrementals}. */
  long[] recorded() {
    List<ExportRecord> chain =
        fx.bucket.records("offsite-backups").values().stream()
            .sorted(ExportRecord.CHAIN_ORDER)
            .toList();
    long base = chain.get(0).itemCount();
    long changed =
        chain.stream()
            .filter(r -> r.window().kind() == ExportKind.INCREMENTAL)
            .mapToLong(ExportRecord::itemCount)
            .sum();
    return new long[] {base, changed};
  }

  Condition exportVerified() {
    return Conditions.of(fx.status("orders").getConditions(), ChainDrills.EXPORT_VERIFIED);
  }

  @Test
  void aDrillRestoresTheChainThroughAnOwnedRestoreChecksItAgainstTheRecordsAndDeletesIt() {
    List<String> told = new java.util.ArrayList<>();
    List<ScheduleMetrics.Observation> seen = new java.util.ArrayList<>();
    fx.useMetrics(
        new ScheduleMetrics() {
          @Override
          public void drillFinished(Key key, String source, String result, Long seconds) {
            told.add(source + " " + result + " " + seconds);
          }

          @Override
          public void observed(Key key, Observation observation) {
            seen.add(observation);
          }
        });
    chainOfThreeWindows("export");
    DynamoDBBackupSchedule schedule = fx.get("orders");

    drillNow();

    assertThat(restores()).hasSize(1);
    DynamoDBRestore made = restores().get(0);
    assertThat(made.getSpec().getSource().getFromExport().getSchedule().getName())
        .isEqualTo("orders");
    assertThat(made.getSpec().getSource().getFromExport().getPointInTime())
        .as("the newest point the chain reaches")
        .isNull();
    assertThat(made.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
    assertThat(made.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(schedule.getMetadata().getUid()));
    String scratch = made.getSpec().getTargetTableName();
    assertThat(scratch).startsWith("ddbbackup-drill-").isNotEqualTo("orders");
    assertThat(drill().getRestoreName()).isEqualTo(made.getMetadata().getName());
    assertThat(fx.dynamo.tableNames())
        .as("the schedule restores nothing itself: the restore kind makes the scratch table")
        .doesNotContain(scratch);

    Instant point = BASE.plus(Duration.ofHours(3));
    long[] rec = recorded();
    int items = (int) (rec[0] + rec[1] / 2); // inside base ± changed
    restoreCompletes(made.getMetadata().getName(), scratch, point, items);
    Instant restoreEnded = fx.clock.instant();
    runUntil(restoreEnded.plus(Duration.ofMinutes(5)));

    assertThat(restores()).as("the drill's restore is deleted").isEmpty();
    ExportDrillStatus d = drill();
    assertThat(d.getRestoreName()).isNull();
    assertThat(d.getLastVerifyResult()).as(d.getLastVerifyMessage()).isEqualTo("Passed");
    assertThat(d.getLastRestoredPoint()).isEqualTo(StatusTimes.format(point));
    assertThat(d.getLastRestoreSeconds()).isEqualTo(42L);
    assertThat(d.getLastVerifyMessage())
        .startsWith(items + " items (base " + rec[0] + ", " + rec[1] + " changed in 3 incremental");
    assertThat(exportVerified().getStatus()).isEqualTo("True");
    assertThat(fx.status("orders").getVerification().getLastVerifyResult())
        .as("no drill of backups with source export")
        .isNull();
    assertThat(told).containsExactly("export Passed 42");
    assertThat(seen.get(seen.size() - 1))
        .as("the metrics are told when the chain's drill passed, and that no backup drill runs")
        .satisfies(o -> assertThat(o.lastChainVerified()).isAfterOrEqualTo(restoreEnded))
        .satisfies(o -> assertThat(o.lastVerified()).isNull())
        .satisfies(o -> assertThat(o.verifySource()).isEqualTo(VerifySettings.Source.EXPORT));
  }

  @Test
  void aCountOutsideWhatTheRecordsAllowFailsTheDrillAndItsRestoreIsStillDeleted() {
    chainOfThreeWindows("export");
    drillNow();
    DynamoDBRestore made = restores().get(0);
    long[] rec = recorded();
    int tooMany = (int) (rec[0] + rec[1]) * 2 + 10;

    restoreCompletes(
        made.getMetadata().getName(),
        made.getSpec().getTargetTableName(),
        BASE.plus(Duration.ofHours(3)),
        tooMany);
    runUntil(fx.clock.instant().plus(Duration.ofMinutes(5)));

    assertThat(restores()).isEmpty();
    assertThat(drill().getLastVerifyResult()).isEqualTo("Failed");
    assertThat(drill().getLastVerifyMessage())
        .contains(tooMany + " items, where the records allow");
    assertThat(exportVerified().getStatus()).isEqualTo("False");
    assertThat(exportVerified().getReason()).isEqualTo("Failed");
  }

  @Test
  void aRestoreThatCannotFindTheChainFailsTheDrillAtOnceAndIsDeleted() {
    chainOfThreeWindows("export");
    drillNow();
    DynamoDBRestore made = restores().get(0);
    DynamoDBRestoreStatus status = new DynamoDBRestoreStatus();
    status.setPhase("Pending");
    Condition ready = new Condition();
    ready.setType("Ready");
    ready.setStatus("False");
    ready.setReason("SourceNotFound");
    ready.setMessage("no export records under s3://offsite-backups/shop/orders");
    ready.setLastTransitionTime(StatusTimes.format(fx.clock.instant()));
    status.setConditions(new java.util.ArrayList<>(List.of(ready)));
    made.setStatus(status);
    client.resource(made).updateStatus();

    runUntil(fx.clock.instant().plus(Duration.ofMinutes(2)));

    assertThat(restores()).isEmpty();
    assertThat(drill().getLastVerifyResult()).isEqualTo("Failed");
    assertThat(drill().getLastVerifyMessage()).contains("no export records under");
  }

  @Test
  void aRestoreOfTheDrillsNameThatIsNotTheSchedulesIsNeitherFollowedNorDeleted() {
    chainOfThreeWindows("export");
    String name = DrillRestoreApi.restoreName(fx.get("orders"), fx.clock.instant());
    DynamoDBRestore someoneElses = new DynamoDBRestore();
    someoneElses.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(ScheduleFixture.NAMESPACE).build());
    someoneElses.setSpec(new io.ddbbackup.operator.api.DynamoDBRestoreSpec());
    someoneElses.getSpec().setTargetTableName("someone-elses");
    client.resource(someoneElses).create();

    drillNow();

    assertThat(restores())
        .singleElement()
        .satisfies(r -> assertThat(r.getSpec().getTargetTableName()).isEqualTo("someone-elses"));
    assertThat(drill().getLastVerifyResult()).isEqualTo("Failed");
    assertThat(drill().getLastVerifyMessage()).contains(name, "left alone");
  }

  @Test
  void aRestoreLostBetweenTheRecordAndItsCreationIsMadeOnceAfterwards() {
    chainOfThreeWindows("export");
    drillNow();
    String name = drill().getRestoreName();
    // as if the process died after the status write and before the restore was made
    client.resources(DynamoDBRestore.class).inNamespace(ScheduleFixture.NAMESPACE).delete();
    fx.restart();

    fx.reconcile("orders");
    fx.reconcile("orders");

    assertThat(restores()).extracting(r -> r.getMetadata().getName()).containsExactly(name);
  }

  @Test
  void aDrillWhoseSpecVerifyIsRemovedIsSkippedAndItsRestoreDeleted() {
    chainOfThreeWindows("export");
    drillNow();
    assertThat(restores()).hasSize(1);

    fx.editSpec("orders", spec -> spec.setVerify(null));
    runUntil(fx.clock.instant().plus(Duration.ofMinutes(5)));

    assertThat(restores()).isEmpty();
    assertThat(drill().getRestoreName()).isNull();
    assertThat(drill().getLastVerifyResult()).isEqualTo("Skipped");
    assertThat(drill().getLastVerifyMessage()).contains("no longer drills the export chain");
    assertThat(exportVerified().getStatus()).isEqualTo("Unknown");
  }

  @Test
  void deletingTheScheduleDeletesTheDrillsRestore() {
    chainOfThreeWindows("both");
    drillNow();
    assertThat(restores()).hasSize(1);
    assertThat(fx.get("orders").getMetadata().getFinalizers())
        .contains(DynamoDBBackupSchedule.FINALIZER);

    client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(ScheduleFixture.NAMESPACE)
        .withName("orders")
        .delete();
    for (int i = 0; i < 5 && fx.get("orders") != null; i++) {
      fx.reconciler.cleanup(fx.get("orders"));
    }

    assertThat(restores()).isEmpty();
  }

  @Test
  void sourceExportWithoutSpecExportIsAnInvalidSpecNamingTheFix() {
    fx.create(
        "orders",
        spec -> {
          VerifySpec verify = new VerifySpec();
          verify.setSchedule("0 4 * * *");
          verify.setSource("export");
          spec.setVerify(verify);
        });

    fx.reconcile("orders");

    Condition ready = Conditions.of(fx.status("orders").getConditions(), "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage())
        .contains("spec.verify.source export", "no spec.export", "add spec.export");
    assertThat(restores()).isEmpty();
  }
}
