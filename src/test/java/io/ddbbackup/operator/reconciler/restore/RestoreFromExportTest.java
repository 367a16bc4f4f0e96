package io.ddbbackup.operator.reconciler.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBRestoreSpec;
import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.api.ExportRestoreSource;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.restore.TargetOwnership;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restore from the export chain, reconcile by reconcile, against a fake DynamoDB (imports, the
 * table's items), a fake bucket (the chain's records) and fake Jobs that apply each export's
 * changes when they succeed. The judge is the test's own model of the table: the base's items, then
 * each window's changes in order up to the point asked.
 */
class RestoreFromExportTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();

  private static final String BUCKET = "vault";
  private static final String PREFIX = "shop/orders";
  private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final Duration W = Duration.ofMinutes(15);
  private static final TableShape SHAPE =
      new TableShape(
          TABLE_ARN,
          "orders",
          List.of(new TableShape.KeyElement("id", "HASH")),
          List.of(new TableShape.AttributeDefinition("id", "S")),
          null,
          null,
          "PAY_PER_REQUEST",
          null,
          null,
          null);

  /** One window's changes, as the test made them. */
  private record Change(List<String> puts, List<String> deletes) {}

  private static final Set<String> BASE = Set.of("a", "b", "c");
  // the order matters: "a" is deleted by the first window and put again by the second, "d" put
  // by the first and deleted by the third
  private static final List<Change> WINDOWS =
      List.of(
          new Change(List.of("d"), List.of("a")),
          new Change(List.of("a", "e"), List.of("b")),
          new Change(List.of("f"), List.of("d")),
          new Change(List.of("g"), List.of("e")));

  private RestoreFixture f;
  private final Map<String, Change> changesByManifest = new HashMap<>();
  private final List<ExportRecord> records = new ArrayList<>();
  private int ids;

  @BeforeEach
  void setUp() {
    f = new RestoreFixture(API.client());
    ExportRecord base = record(ExportWindow.full(T0), null);
    f.dynamo.putExportData(BUCKET, base.dataPrefix() + "data/", BASE.toArray(String[]::new));
    String previous = base.key();
    for (int i = 0; i < WINDOWS.size(); i++) {
      ExportRecord r =
          record(
              ExportWindow.incremental(T0.plus(W.multipliedBy(i)), T0.plus(W.multipliedBy(i + 1))),
              previous);
      changesByManifest.put(r.dataPrefix() + "manifest-files.json", WINDOWS.get(i));
      previous = r.key();
    }
    f.jobs.onSucceed(
        request -> {
          Change c = changesByManifest.get(request.manifestKey());
          f.dynamo.putItems(request.table(), c.puts().toArray(String[]::new));
          f.dynamo.deleteItems(request.table(), c.deletes().toArray(String[]::new));
        });
  }

  private ExportRecord record(ExportWindow window, String previous) {
    String id = "%014d-%08x".formatted(window.to().toEpochMilli(), ++ids);
    Export export =
        new Export(
            TABLE_ARN + "/export/" + id,
            Export.State.COMPLETED,
            window,
            "token-" + id,
            3L,
            300L,
            null,
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
    ExportRecord r = ExportRecord.of(destination, window, export, SHAPE, previous, null);
    f.bucket.writeRecord(new TableTarget("orders", null, null), destination, r);
    records.add(r);
    return r;
  }

  /** The table as the test's own writes say it is after {@code windows} windows. */
  private static Set<String> modelAfter(int windows) {
    TreeSet<String> items = new TreeSet<>(BASE);
    for (Change c : WINDOWS.subList(0, windows)) {
      items.addAll(c.puts());
      c.deletes().forEach(items::remove);
    }
    return items;
  }

  private static Consumer<DynamoDBRestoreSpec> fromBucket(String pointInTime) {
    return spec -> {
      ExportRestoreSource chain = new ExportRestoreSource();
      chain.setBucket(BUCKET);
      chain.setPrefix(PREFIX);
      chain.setPointInTime(pointInTime);
      spec.getSource().setFromExport(chain);
    };
  }

  /** Reconciles, ending each running Job, until the restore settles. */
  private void runToTheEnd(String name) {
    for (int i = 0; i < 40; i++) {
      f.reconcileUntilSettled(name);
      String phase = f.status(name).getPhase();
      if ("Completed".equals(phase) || "Failed".equals(phase)) {
        return;
      }
      f.jobs.made().stream()
          .map(ReplayRequest::jobName)
          .filter(n -> f.jobs.find(n).orElseThrow().state().name().equals("RUNNING"))
          .forEach(f.jobs::succeed);
    }
  }

  @Test
  void theWholeChainIsImportedThenReplayedInOrderToTheNewestPointItReaches() {
    f.create("back", fromBucket(null));

    runToTheEnd("back");

    DynamoDBRestoreStatus status = f.status("back");
    assertThat(status.getPhase()).isEqualTo("Completed");
    assertThat(f.dynamo.itemKeys("orders-restored")).isEqualTo(modelAfter(4));
    assertThat(Instant.parse(status.getRestoredTo())).isEqualTo(T0.plus(W.multipliedBy(4)));
    assertThat(f.jobs.made())
        .extracting(ReplayRequest::sequence, ReplayRequest::manifestKey)
        .containsExactly(
            records.subList(1, 5).stream()
                .map(
                    r ->
                        org.assertj.core.groups.Tuple.tuple(
                            records.indexOf(r), r.dataPrefix() + "manifest-files.json"))
                .toArray(org.assertj.core.groups.Tuple[]::new));
    assertThat(f.dynamo.imports()).hasSize(1);
    assertThat(status.getExport().getApplied()).isEqualTo(4);
    assertThat(status.getExport().getItemsReplayed()).isEqualTo(12);
    assertThat(f.eventReasons("back"))
        .contains("ImportStarted", "ImportCompleted", "RestoreCompleted")
        .doesNotContain("PointEarlierThanAsked");
  }

  @Test
  void aPointBetweenTwoWindowsRestoresTheStateAtTheEndOfTheLastWindowBeforeItAndSaysSo() {
    Instant asked = T0.plus(W.multipliedBy(2)).plusSeconds(300);
    f.create("between", fromBucket(asked.toString()));

    runToTheEnd("between");

    DynamoDBRestoreStatus status = f.status("between");
    assertThat(status.getPhase()).isEqualTo("Completed");
    assertThat(f.dynamo.itemKeys("orders-restored")).isEqualTo(modelAfter(2));
    assertThat(Instant.parse(status.getRestoredTo())).isEqualTo(T0.plus(W.multipliedBy(2)));
    assertThat(f.jobs.made()).hasSize(2);
    assertThat(f.eventReasons("between")).contains("PointEarlierThanAsked");
    assertThat(f.ready("between").getMessage()).contains("earlier than the");
  }

  @Test
  void noJobIsMadeBeforeThePreviousSucceededAndAFailedStatusWriteNeverSkipsOrRepeatsAWindow() {
    f.create("crashy", fromBucket(null));
    f.reconcileUntilSettled("crashy");
    assertThat(f.jobs.made()).hasSize(1);
    f.reconcileUntilSettled("crashy");
    assertThat(f.jobs.made()).as("the first Job still runs: no second").hasSize(1);

    // the first Job succeeds, and the write that records it fails: no second Job yet
    f.jobs.succeed(f.jobs.made().get(0).jobName());
    RestoreStatusApi real = f.api;
    f.useApi(
        new RestoreStatusApi(API.client()) {
          @Override
          public io.ddbbackup.operator.api.DynamoDBRestore writeStatus(
              io.ddbbackup.operator.api.DynamoDBRestore resource, DynamoDBRestoreStatus status) {
            throw new KubernetesClientException("conflict", 409, null);
          }
        });
    try {
      f.reconcile("crashy");
    } catch (KubernetesClientException expected) {
      // JOSDK retries the reconcile
    }
    assertThat(f.jobs.made()).hasSize(1);

    // an operator that restarts (memory gone) finds the first Job done and goes on from there
    f.useApi(real);
    runToTheEnd("crashy");
    assertThat(f.jobs.made()).extracting(ReplayRequest::sequence).containsExactly(1, 2, 3, 4);
    assertThat(f.dynamo.itemKeys("orders-restored")).isEqualTo(modelAfter(4));
  }

  @Test
  void aLostImportAnswerIsAdoptedByItsTokenWhileItStillRunsAndNothingIsImportedTwice() {
    f.dynamo.loseNextImportResponses(Failure.UNAVAILABLE, 1);
    f.dynamo.setImportDelay(Duration.ofMinutes(30)); // ListImports does not show it meanwhile
    f.create("lost", fromBucket(null));

    f.reconcile("lost");
    f.restart();
    f.clock.advance(Duration.ofMinutes(1));
    f.reconcile("lost");
    assertThat(f.ready("lost").getReason()).isEqualTo("Restoring");
    assertThat(f.status("lost").getExport().getImportArn()).isNotNull();
    runToTheEnd("lost");

    assertThat(f.dynamo.imports()).hasSize(1);
    assertThat(f.eventReasons("lost")).contains("Adopted");
    assertThat(f.status("lost").getPhase()).isEqualTo("Completed");
    assertThat(f.dynamo.itemKeys("orders-restored")).isEqualTo(modelAfter(4));
  }

  @Test
  void aTableSomeoneElseMadeIsNeverImportedIntoNorTouched() {
    f.dynamo.addTable("orders-restored");
    f.dynamo.putItems("orders-restored", "theirs");
    f.create("taken", fromBucket(null));

    f.reconcileUntilSettled("taken");

    assertThat(f.ready("taken").getReason()).isEqualTo("TargetExists");
    assertThat(f.dynamo.imports()).isEmpty();
    assertThat(f.jobs.made()).isEmpty();
    assertThat(f.dynamo.itemKeys("orders-restored")).containsExactly("theirs");
  }

  @Test
  void aFailedJobEndsTheRestoreAndNoLaterWindowIsReplayed() {
    f.create("fails", fromBucket(null));
    f.reconcileUntilSettled("fails");
    f.jobs.fail(f.jobs.made().get(0).jobName(), "BackoffLimitExceeded");

    f.reconcileUntilSettled("fails");

    assertThat(f.status("fails").getPhase()).isEqualTo("Failed");
    assertThat(f.ready("fails").getReason()).isEqualTo("ReplayFailed");
    assertThat(f.ready("fails").getMessage()).contains("BackoffLimitExceeded");
    assertThat(f.jobs.made()).hasSize(1);
  }

  @Test
  void aBucketWithNoRecordsUnderThePrefixIsSourceNotFoundNamingWhereItLooked() {
    f.create(
        "empty",
        spec -> {
          ExportRestoreSource chain = new ExportRestoreSource();
          chain.setBucket(BUCKET);
          chain.setPrefix("shop/other");
          spec.getSource().setFromExport(chain);
        });

    f.reconcileUntilSettled("empty");

    assertThat(f.ready("empty").getReason()).isEqualTo("SourceNotFound");
    assertThat(f.ready("empty").getMessage()).contains("s3://vault/shop/other");
    assertThat(f.dynamo.imports()).isEmpty();
  }

  @Test
  void deletingTheRestoreDeletesItsJobsAndWithDeleteTheTableItImported() {
    f.create(
        "gone",
        spec -> {
          fromBucket(null).accept(spec);
          spec.setDeletionPolicy(DeletionPolicy.Delete);
        });
    runToTheEnd("gone");
    String uid = f.get("gone").getMetadata().getUid();
    assertThat(
            f.dynamo.tags(
                new TableTarget("orders-restored", null, null),
                f.status("gone").getRestoredTableArn()))
        .containsEntry(TargetOwnership.OWNER_TAG, uid);

    assertThat(f.reconciler.cleanup(f.get("gone"))).isEmpty();

    assertThat(f.jobs.deletedFor()).containsExactly(uid);
    assertThat(f.dynamo.table("orders-restored")).isEmpty();
  }

  @Test
  void anOperatorThatCannotMakeJobsSaysWhyAndTriesAgainWithoutFailingTheRestore() {
    f.jobs.refuseWith(
        new IllegalStateException(
            "no image for the replay Jobs: start the operator with --replay-image=IMAGE"));
    f.create("noimage", fromBucket(null));

    f.reconcileUntilSettled("noimage");

    assertThat(f.status("noimage").getPhase()).isEqualTo("Replaying");
    assertThat(f.ready("noimage").getReason()).isEqualTo("ReplayFailed");
    assertThat(f.ready("noimage").getMessage()).contains("--replay-image");
    assertThat(f.reconcile("noimage")).as("tried again after a backoff").isPresent();

    f.jobs.refuseWith(null);
    runToTheEnd("noimage");
    assertThat(f.status("noimage").getPhase()).isEqualTo("Completed");
    assertThat(f.dynamo.itemKeys("orders-restored")).isEqualTo(modelAfter(4));
  }
}
