package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.ExportSpec;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportRequest;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.FakeExportStore;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.export end to end inside the operator: the reconciler, the mock API server and a DynamoDB
 * export API that keeps every export it started ({@link FakeExportStore#ledger()}). Each test
 * judges what the fake received against windows it computes from the clock itself.
 */
class OffsiteExportTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;
  CountingResources writes;

  /** Counts the status PUTs that reach the API server (an unchanged status is not sent). */
  static final class CountingResources extends ScheduleStatusApi {
    final AtomicInteger puts = new AtomicInteger();

    CountingResources(KubernetesClient client) {
      super(client);
    }

    @Override
    protected DynamoDBBackupSchedule put(DynamoDBBackupSchedule copy) {
      puts.incrementAndGet();
      return super.put(copy);
    }
  }

  /** A full export monthly (none due in these tests but the first), incrementals hourly. */
  static final Instant ORIGIN = Instant.parse("2026-01-31T12:00:00Z");

  static final Instant BASE = Instant.parse("2026-02-01T01:00:00Z");
  static final Duration HOUR = Duration.ofHours(1);

  @BeforeEach
  void setUp() {
    client = API.client();
    fx = new ScheduleFixture(API, ORIGIN);
    fx.dynamo.enablePointInTimeRecovery("orders");
    // the chain's rules on the clock alone; the lag is the subject of its own test below
    fx.dynamo.setRestorableLag(Duration.ZERO);
    writes = new CountingResources(client);
    fx.useResources(writes);
  }

  /** What the reconciler told the metrics about exports. */
  static final class ToldMetrics implements ScheduleMetrics {
    final List<String> finished = new ArrayList<>();
    final List<Instant> points = new ArrayList<>();
    int gaps;

    @Override
    public void exportFinished(Key key, ExportKind kind, String result, Long billedBytes) {
      finished.add(kind + " " + result + " " + billedBytes);
    }

    @Override
    public void exportGap(Key key) {
      gaps++;
    }

    @Override
    public void offsitePoint(Key key, Instant gapFreeThrough, Instant since, Duration allowed) {
      points.add(gapFreeThrough);
    }
  }

  void createExporting() {
    createExporting(export -> {});
  }

  void createExporting(java.util.function.Consumer<ExportSpec> more) {
    fx.create(
        "orders",
        spec -> {
          spec.setSchedule("0 3 1 1 *"); // no backup slot inside these tests
          ExportSpec export = new ExportSpec();
          export.setS3Bucket("offsite-backups");
          export.setFull("0 1 1 * *");
          export.setIncrementalPeriod("1h");
          more.accept(export);
          spec.setExport(export);
        });
  }

  /**
   * Reconciles whenever the reconciler asks to be woken, as JOSDK's timer would, until {@code end}.
   */
  void runUntil(Instant end) {
    fx.runUntil("orders", end);
  }

  List<ExportWindow> windowsCalled() {
    return fx.exportsFake.ledger().stream().map(m -> m.request().window()).toList();
  }

  /** The base at {@code base}, then hourly windows from it, {@code hours} of them. */
  static List<ExportWindow> hourlyFrom(Instant base, int hours) {
    List<ExportWindow> expected = new ArrayList<>();
    expected.add(ExportWindow.full(base));
    for (int h = 0; h < hours; h++) {
      expected.add(
          ExportWindow.incremental(
              base.plus(HOUR.multipliedBy(h)), base.plus(HOUR.multipliedBy(h + 1))));
    }
    return expected;
  }

  ExportStatus exportStatus() {
    return fx.status("orders").getExport();
  }

  Condition exported() {
    return Conditions.of(fx.status("orders").getConditions(), OffsiteExport.CONDITION);
  }

  List<Event> events(String reason) {
    return client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Test
  void aBaseAtTheFullSlotThenOneIncrementalPerPeriodEachStartingWhereTheLastEnded() {
    createExporting();
    RecordFirst store = new RecordFirst(0);
    fx.useExports(store);

    runUntil(BASE.plus(Duration.ofHours(6)).plus(Duration.ofMinutes(10)));

    // the slot's own time is the base's ExportTime; each window is exactly one period, on time
    assertThat(windowsCalled()).containsExactlyElementsOf(hourlyFrom(BASE, 6));
    assertThat(fx.exportsFake.ledger())
        .extracting(m -> m.startedAt())
        .as("each export is started when its window ends (the base at its slot)")
        .containsExactlyElementsOf(hourlyFrom(BASE, 6).stream().map(ExportWindow::to).toList());
    ExportStatus status = exportStatus();
    assertThat(status.getGapFreeThrough()).isEqualTo("2026-02-01T07:00:00Z");
    assertThat(status.getBase().getExportTime()).isEqualTo("2026-02-01T01:00:00Z");
    assertThat(status.getBase().getExportArn()).isEqualTo(fx.exportsFake.ledger().get(0).arn());
    assertThat(status.getExportedCount()).isEqualTo(7);
    assertThat(status.getInFlight()).isNull();
    assertThat(status.getGaps()).isNull();
    assertThat(store.violations).as("calls made before their window was recorded").isEmpty();
    assertThat(exported().getStatus()).isEqualTo("True");
    assertThat(events("ExportCompleted")).isNotEmpty();
    // the request goes where the spec says, with the default prefix
    ExportRequest first = fx.exportsFake.ledger().get(0).request();
    assertThat(first.destination().bucket()).isEqualTo("offsite-backups");
    assertThat(first.destination().prefix()).isEqualTo("shop/orders");
    assertThat(first.tableArn())
        .isEqualTo(fx.dynamo.describe(new TableTarget("orders", null, null)).orElseThrow().arn());
  }

  @Test
  void callsAndStatusWritesPerExportAndNoneWhileIdleBetweenWindows() {
    createExporting();
    runUntil(BASE.minusSeconds(60));
    int writesBefore = writes.puts.get();
    int pitrBefore = fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS);
    int tableBefore = fx.dynamo.calls(Operation.DESCRIBE_TABLE);
    assertThat(fx.exportsFake.allCalls()).as("export calls before the first slot").isZero();

    runUntil(BASE.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(10)));

    int exports = fx.exportsFake.ledger().size();
    assertThat(exports).isEqualTo(5);
    assertThat(fx.exportsFake.calls(Operation.EXPORT))
        .as("ExportTableToPointInTime")
        .isEqualTo(exports);
    assertThat(fx.exportsFake.calls(Operation.LIST_EXPORTS)).as("ListExports").isZero();
    // an export of 5 minutes is followed at 2, 4 and 6 minutes
    assertThat(fx.exportsFake.calls(Operation.DESCRIBE_EXPORT))
        .as("DescribeExport")
        .isEqualTo(3 * exports);
    assertThat(writes.puts.get() - writesBefore)
        .as("status writes: the record before the call and the outcome")
        .isEqualTo(2 * exports);
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS) - pitrBefore)
        .as(
            "DescribeContinuousBackups: once per export, by the reconcile that starts it (with no"
                + " restorable lag here); the follows, and the reconcile that sees an export"
                + " completed with the next window not due yet, read none")
        .isEqualTo(exports);
    long fulls =
        fx.exportsFake.ledger().stream()
            .filter(e -> e.request().window().kind() == ExportKind.FULL)
            .count();
    assertThat(fx.dynamo.calls(Operation.DESCRIBE_TABLE) - tableBefore)
        .as(
            "DescribeTable: the shape with each full export; the process's first read, made as"
                + " the base starts, is also the table's ARN (no read of its own)")
        .isEqualTo(fulls);
    assertThat(fx.bucket.writes()).as("one record beside each export").isEqualTo(exports);

    // idle between two windows: reconciles (an informer resync, a label) call and write nothing
    int awsBefore = fx.exportsFake.allCalls() + totalDynamoCalls();
    int writesIdle = writes.puts.get();
    for (int minute = 15; minute < 60; minute += 15) {
      fx.clock.set(BASE.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(minute)));
      fx.reconcile("orders");
    }
    assertThat(fx.exportsFake.allCalls() + totalDynamoCalls())
        .as("AWS calls while idle")
        .isEqualTo(awsBefore);
    assertThat(writes.puts.get()).as("status writes while idle").isEqualTo(writesIdle);
  }

  /**
   * Beside each export the bucket holds a record, and the records alone rebuild the chain: one per
   * export the fake made, each carrying that export's window and ARN and the table's key schema,
   * each incremental linked to the record before it, the windows contiguous from the base.
   */
  @Test
  void eachCompletedExportLeavesARecordAndTheRecordsAloneRebuildTheChain() {
    createExporting();

    runUntil(BASE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10)));

    List<FakeExportStore.Made> made = fx.exportsFake.ledger();
    assertThat(made).hasSize(4); // the base and three hourly windows
    List<ExportRecord> chain =
        fx.bucket.records("offsite-backups").values().stream()
            .sorted(ExportRecord.CHAIN_ORDER)
            .toList();
    assertThat(chain)
        .extracting(ExportRecord::exportArn)
        .containsExactlyElementsOf(made.stream().map(FakeExportStore.Made::arn).toList());
    assertThat(chain)
        .extracting(ExportRecord::window)
        .containsExactlyElementsOf(made.stream().map(m -> m.request().window()).toList());
    assertThat(chain.get(0).window()).isEqualTo(ExportWindow.full(BASE));
    assertThat(chain.get(0).previous()).as("a base follows nothing").isNull();
    for (int i = 1; i < chain.size(); i++) {
      assertThat(chain.get(i).window().from()).isEqualTo(chain.get(i - 1).window().to());
      assertThat(chain.get(i).previous()).isEqualTo(chain.get(i - 1).key());
    }
    var described = fx.dynamo.describe(new TableTarget("orders", null, null)).orElseThrow();
    assertThat(chain)
        .allSatisfy(
            r -> {
              assertThat(r.table().arn()).isEqualTo(described.arn());
              assertThat(r.table().keySchema())
                  .extracting(TableShape.KeyElement::attributeName)
                  .containsExactlyElementsOf(
                      described.keySchema().stream()
                          .map(io.ddbbackup.operator.restore.Table.KeyElement::attributeName)
                          .toList());
              assertThat(r.prefix()).isEqualTo("shop/orders");
            });
  }

  /**
   * A record that cannot be written keeps its export in flight: the chain does not claim what the
   * bucket cannot restore, and once the bucket takes the record the chain moves on, with no second
   * export of that window.
   */
  @Test
  void anExportWhoseRecordCannotBeWrittenStaysInFlightUntilItIsAndIsNotExportedAgain() {
    createExporting();
    fx.bucket.failNextWrites(Failure.ACCESS_DENIED, 1000);

    runUntil(BASE.plus(Duration.ofMinutes(20)));

    var export = fx.status("orders").getExport();
    assertThat(export.getGapFreeThrough()).as("nothing claimed yet").isNull();
    assertThat(export.getInFlight()).isNotNull();
    var exported = Conditions.of(fx.status("orders").getConditions(), OffsiteExport.CONDITION);
    assertThat(exported.getStatus()).isEqualTo("False");
    assertThat(exported.getMessage()).contains("offsite-backups");
    int tries = fx.bucket.writes();
    assertThat(tries)
        .as("the record write tried again after a pause, not each minute")
        .isBetween(2, 6);

    fx.bucket.healWrites();
    runUntil(BASE.plus(Duration.ofMinutes(50)));

    assertThat(fx.status("orders").getExport().getGapFreeThrough())
        .isEqualTo(StatusTimes.format(BASE));
    assertThat(fx.bucket.records("offsite-backups")).hasSize(1);
    assertThat(fx.exportsFake.ledger())
        .as("the base exported once")
        .extracting(m -> m.request().window())
        .containsExactly(ExportWindow.full(BASE));
  }

  /**
   * requireObjectLock against a bucket without Object Lock: the protections S3 reports are shown,
   * Exported is False naming the bucket and the fix, and the export is still made (a copy out of
   * the account is worth having even unlocked).
   */
  @Test
  void aBucketThatDoesNotLockExportsFailsRequireObjectLockNamingTheBucketAndTheExportsGoOn() {
    createExporting(export -> export.setRequireObjectLock(true));

    runUntil(BASE.plus(Duration.ofMinutes(10)));

    var export = fx.status("orders").getExport();
    assertThat(export.getBucketProtections().getBucket()).isEqualTo("offsite-backups");
    assertThat(export.getBucketProtections().getProtections()).contains("no Object Lock");
    assertThat(export.getBucketProtections().getLocksEveryExport()).isFalse();
    var exported = Conditions.of(fx.status("orders").getConditions(), OffsiteExport.CONDITION);
    assertThat(exported.getStatus()).isEqualTo("False");
    assertThat(exported.getReason()).isEqualTo(OffsiteExport.OBJECT_LOCK_REQUIRED);
    assertThat(exported.getMessage())
        .contains("offsite-backups", "requireObjectLock", "put-object-lock-configuration");
    assertThat(fx.exportsFake.ledger())
        .extracting(m -> m.request().window())
        .containsExactly(ExportWindow.full(BASE));
  }

  /**
   * The bucket's protections read through the fake bucket, refused (AccessDenied, as from a bucket
   * policy without s3:GetBucketVersioning) while {@code refusing}; each read's time on the clock.
   */
  final class RefusedProtections implements ExportBucket {
    final List<Instant> reads = new ArrayList<>();
    boolean refusing = true;

    @Override
    public BucketProtections.Versioning versioning(
        TableTarget as, String bucket, String bucketOwner) {
      reads.add(fx.clock.instant());
      if (refusing) {
        throw new BackupStoreException(
            Failure.ACCESS_DENIED, "AccessDenied", "GetBucketVersioning: Access Denied", null);
      }
      return fx.bucket.versioning(as, bucket, bucketOwner);
    }

    @Override
    public BucketProtections.ObjectLock objectLock(
        TableTarget as, String bucket, String bucketOwner) {
      return fx.bucket.objectLock(as, bucket, bucketOwner);
    }

    @Override
    public void writeRecord(TableTarget as, ExportDestination destination, ExportRecord record) {
      fx.bucket.writeRecord(as, destination, record);
    }

    @Override
    public ChainPage listChain(TableTarget as, ChainLocation location, String token) {
      return fx.bucket.listChain(as, location, token);
    }

    @Override
    public ExportRecord readRecord(TableTarget as, ChainLocation location, String key) {
      return fx.bucket.readRecord(as, location, key);
    }
  }

  /**
   * Protections that cannot be read are not asked for on every reconcile of an export: the reads
   * back off as the export calls do (a refusal: 40 s, doubling, at most 10 minutes, ±20%), the
   * streak is told by one Event, and the exports go on. Judged from the times of the reads on the
   * clock; once the bucket answers, the protections are read once more and then known.
   */
  @Test
  void protectionsThatCannotBeReadAreReadAgainAfterGrowingPausesAndToldOnce() {
    RefusedProtections bucket = new RefusedProtections();
    fx.useBucket(bucket);
    createExporting();

    runUntil(BASE.plus(Duration.ofHours(6)).plus(Duration.ofMinutes(10)));

    List<Instant> reads = bucket.reads;
    assertThat(reads).as("tried again, not given up").hasSizeGreaterThan(3);
    for (int k = 1; k < reads.size(); k++) {
      long pause = Math.min(40L << Math.min(k - 1, 20), 600);
      assertThat(Duration.between(reads.get(k - 1), reads.get(k)))
          .as("the pause after %d refused reads", k)
          .isGreaterThanOrEqualTo(Duration.ofMillis(pause * 800));
    }
    assertThat(events("BucketProtectionsUnknown"))
        .as("one Event for the streak, sent once (the same Event again would count up)")
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    assertThat(windowsCalled()).containsExactlyElementsOf(hourlyFrom(BASE, 6));

    bucket.refusing = false;
    int before = reads.size();
    runUntil(BASE.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(10)));

    assertThat(reads.size() - before).as("read once more, then known").isEqualTo(1);
    assertThat(exportStatus().getBucketProtections().getBucket()).isEqualTo("offsite-backups");
  }

  /** A bucket that locks every export meets requireObjectLock: Exported is True after the base. */
  @Test
  void aBucketInComplianceModeMeetsRequireObjectLock() {
    fx.bucket.lockWith(
        "offsite-backups",
        new BucketProtections.ObjectLock(
            true, new BucketProtections.Retention(BucketProtections.Mode.COMPLIANCE, 30, 0)));
    createExporting(export -> export.setRequireObjectLock(true));

    runUntil(BASE.plus(Duration.ofMinutes(10)));

    var export = fx.status("orders").getExport();
    assertThat(export.getBucketProtections().getProtections()).contains("COMPLIANCE mode, 30 days");
    assertThat(export.getBucketProtections().getLocksEveryExport()).isTrue();
    var exported = Conditions.of(fx.status("orders").getConditions(), OffsiteExport.CONDITION);
    assertThat(exported.getStatus()).isEqualTo("True");
    assertThat(export.getGapFreeThrough()).isEqualTo(StatusTimes.format(BASE));
  }

  /**
   * The tenancy policy says which buckets a namespace may export to: a bucket it does not list gets
   * no call at all, and Exported says what was refused and how to fix it; the listed one exports.
   */
  @Test
  void aBucketTheTenancyPolicyDoesNotListForTheNamespaceGetsNoExport() {
    fx.useTenancy(
        new TenancyPolicy(
            List.of(
                new TenancyPolicy.Rule(
                    List.of(ScheduleFixture.NAMESPACE),
                    List.of("orders"),
                    null,
                    List.of("shop-offsite-*"))),
            "test rules"));
    fx.useResources(writes);
    createExporting();

    runUntil(BASE.plus(Duration.ofMinutes(10)));

    assertThat(fx.exportsFake.allCalls()).as("export calls").isZero();
    assertThat(fx.bucket.writes() + fx.bucket.protectionReads()).as("bucket calls").isZero();
    var exported = Conditions.of(fx.status("orders").getConditions(), OffsiteExport.CONDITION);
    assertThat(exported.getStatus()).isEqualTo("False");
    assertThat(exported.getReason()).isEqualTo(OffsiteExport.NOT_PERMITTED);
    assertThat(exported.getMessage()).contains("offsite-backups", "test rules", "buckets");

    fx.editSpec("orders", spec -> spec.getExport().setS3Bucket("shop-offsite-eu"));
    runUntil(BASE.plus(Duration.ofDays(31)).plus(Duration.ofMinutes(10)));

    assertThat(fx.exportsFake.ledger())
        .as("the listed bucket is exported to")
        .isNotEmpty()
        .allSatisfy(
            m -> assertThat(m.request().destination().bucket()).isEqualTo("shop-offsite-eu"));
  }

  /**
   * DynamoDB's latest restorable time trails the clock by about five minutes, and an export time
   * after it is refused. An export is asked for once the latest restorable time has reached its
   * slot, not at the slot: no refusal, no abandoned window, the base and the incrementals made.
   */
  @Test
  void anExportIsAskedForOnceTheLatestRestorableTimeHasReachedItsSlot() {
    fx.dynamo.setRestorableLag(Duration.ofMinutes(5));
    createExporting();

    runUntil(BASE.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(20)));

    assertThat(fx.exportsFake.ledger())
        .extracting(m -> m.request().window())
        .containsExactly(
            ExportWindow.full(BASE),
            ExportWindow.incremental(BASE, BASE.plus(HOUR)),
            ExportWindow.incremental(BASE.plus(HOUR), BASE.plus(Duration.ofHours(2))));
    assertThat(fx.exportsFake.ledger())
        .allSatisfy(
            m ->
                assertThat(m.startedAt())
                    .as("asked for once the window's end is restorable")
                    .isAfterOrEqualTo(m.request().window().to().plus(Duration.ofMinutes(5))));
    assertThat(fx.exportsFake.calls(Operation.EXPORT))
        .as("no call refused for an export time after the latest restorable time")
        .isEqualTo(3);
    assertThat(fx.status("orders").getExport().getGapFreeThrough())
        .isEqualTo(StatusTimes.format(BASE.plus(Duration.ofHours(2))));
  }

  int totalDynamoCalls() {
    int sum = 0;
    for (Operation op : Operation.values()) {
      sum += fx.dynamo.calls(op);
    }
    return sum;
  }

  /** Checks the window is in status before its call, then dies once, like a killed process. */
  final class RecordFirst implements ExportStore {
    final List<String> violations = new ArrayList<>();
    int crashesLeft;

    RecordFirst(int crashes) {
      this.crashesLeft = crashes;
    }

    @Override
    public Export start(TableTarget target, ExportRequest request) {
      ExportStatus status = exportStatus();
      ExportWindow recorded =
          status == null || status.getInFlight() == null
              ? null
              : ScheduleState.of(fx.status("orders")).offsite().chain().recorded().window();
      if (!request.window().equals(recorded)) {
        violations.add(request.window() + " called while status records " + recorded);
      }
      if (crashesLeft-- > 0) {
        throw new IllegalStateException("process killed after the record, before the call");
      }
      return fx.exportsFake.start(target, request);
    }

    @Override
    public Export describe(TableTarget target, String exportArn) {
      return fx.exportsFake.describe(target, exportArn);
    }

    @Override
    public Page listPage(TableTarget target, String tableArn, String nextToken) {
      return fx.exportsFake.listPage(target, tableArn, nextToken);
    }
  }

  @Test
  void aCrashAfterTheRecordAndBeforeTheCallExportsTheWindowOnceAfterRestart() {
    createExporting();
    RecordFirst store = new RecordFirst(1);
    fx.useExports(store);
    runUntil(BASE.minusSeconds(1));
    fx.clock.set(BASE);

    try {
      fx.reconcile("orders");
      throw new AssertionError("the process should have died");
    } catch (IllegalStateException killed) {
      // the window was recorded, the call never made
    }
    assertThat(fx.exportsFake.ledger()).isEmpty();
    assertThat(exportStatus().getInFlight()).as("the window recorded before the call").isNotNull();
    assertThat(exportStatus().getInFlight().getTo()).isEqualTo("2026-02-01T01:00:00Z");

    fx.restart(); // a new process: no memory, no seats
    fx.clock.set(BASE.plusSeconds(30));
    runUntil(BASE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10)));

    assertThat(windowsCalled()).containsExactlyElementsOf(hourlyFrom(BASE, 3));
    assertThat(store.violations).as("calls made before their window was recorded").isEmpty();
  }

  @Test
  void aLostAnswerIsTheSameExportWhenCalledAgainWithItsToken() {
    createExporting();
    runUntil(BASE.minusSeconds(1));
    fx.exportsFake.loseNextAnswer();

    runUntil(BASE.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10)));

    assertThat(windowsCalled()).containsExactlyElementsOf(hourlyFrom(BASE, 2));
    assertThat(fx.exportsFake.calls(Operation.EXPORT))
        .as("the call again after the lost answer, answered with the same export")
        .isEqualTo(4);
    assertThat(exportStatus().getBase().getExportArn())
        .isEqualTo(fx.exportsFake.ledger().get(0).arn());
  }

  @Test
  void aFailedExportIsTriedAgainWithANewTokenAndTheChainGoesOnFromIt() {
    createExporting();
    ExportWindow first = ExportWindow.incremental(BASE, BASE.plus(HOUR));
    fx.exportsFake.failExportsOf(java.util.Set.of(first));

    runUntil(BASE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(20)));

    List<ExportWindow> expected = new ArrayList<>(hourlyFrom(BASE, 3));
    expected.add(2, first); // the failed one, then its second attempt
    assertThat(windowsCalled()).containsExactlyElementsOf(expected);
    assertThat(fx.exportsFake.ledger().get(1).request().clientToken())
        .isNotEqualTo(fx.exportsFake.ledger().get(2).request().clientToken());
    assertThat(events("ExportFailed")).hasSize(1);
    assertThat(events("ExportFailed").get(0).getMessage()).contains("S3AccessDenied");
    assertThat(exportStatus().getGapFreeThrough()).isEqualTo("2026-02-01T04:00:00Z");
    assertThat(exported().getStatus()).isEqualTo("True");
  }

  @Test
  void anExportTheBucketRefusedNamesThePoliciesThatLetItIn() {
    createExporting();
    fx.exportsFake.failExportsOf(java.util.Set.of(ExportWindow.incremental(BASE, BASE.plus(HOUR))));

    runUntil(BASE.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10)));

    assertThat(events("ExportFailed"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("S3AccessDenied")
                    .contains("s3:PutObject")
                    .contains("config/iam/export-policy.json")
                    .contains("bucket policy")
                    .contains("config/iam/export-bucket-policy.json"));
  }

  @Test
  void aSuspendedScheduleStartsNoExportAndCatchesUpOnResume() {
    createExporting();
    runUntil(BASE.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(10)));
    fx.editSpec("orders", spec -> spec.setSuspend(true));
    runUntil(BASE.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(10)));
    assertThat(windowsCalled()).containsExactlyElementsOf(hourlyFrom(BASE, 1));

    fx.editSpec("orders", spec -> spec.setSuspend(false));
    runUntil(BASE.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(10)));

    // one window of the three hours suspended (whole periods, under 24 h), then on time again
    List<ExportWindow> expected = new ArrayList<>(hourlyFrom(BASE, 1));
    expected.add(ExportWindow.incremental(BASE.plus(HOUR), BASE.plus(Duration.ofHours(4))));
    expected.add(
        ExportWindow.incremental(BASE.plus(Duration.ofHours(4)), BASE.plus(Duration.ofHours(5))));
    assertThat(windowsCalled()).containsExactlyElementsOf(expected);
  }

  @Test
  void backupsRefusedDoNotStopTheExports() {
    createExporting();
    fx.editSpec("orders", spec -> spec.setSchedule("0 * * * *")); // a backup each hour, refused
    fx.dynamo.failNext(
        Operation.CREATE,
        io.ddbbackup.operator.backup.BackupStoreException.Failure.ACCESS_DENIED,
        1000);

    runUntil(BASE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10)));

    assertThat(fx.dynamo.calls(Operation.CREATE)).as("backups tried").isPositive();
    assertThat(Conditions.ready(fx.status("orders").getConditions()).getReason())
        .isEqualTo("AccessDenied");
    assertThat(windowsCalled()).containsExactlyElementsOf(hourlyFrom(BASE, 3));
  }

  @Test
  void pitrOffIsAConditionNamingTheFixAndNoCall() {
    fx.dynamo.disablePointInTimeRecovery("orders");
    createExporting();

    runUntil(BASE.plus(Duration.ofHours(2)));

    assertThat(fx.exportsFake.allCalls()).isZero();
    Condition condition = exported();
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("PointInTimeRecoveryOff");
    assertThat(condition.getMessage()).contains("spec.pointInTimeRecovery");
    assertThat(events("PitrOffForExport")).hasSize(1);
    assertThat(events("PitrOffForExport").get(0).getType()).isEqualTo("Warning");
    assertThat(exportStatus().getInFlight()).isNull();

    // turned on: the slot that passed while it was off cannot be exported; the next one is
    fx.dynamo.enablePointInTimeRecovery("orders");
    runUntil(BASE.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(20)));
    assertThat(exported().getStatus()).isEqualTo("Unknown");
    assertThat(exported().getReason()).isEqualTo(OffsiteExport.PITR_ON);
    assertThat(fx.exportsFake.allCalls()).isZero();

    Instant nextSlot = Instant.parse("2026-03-01T01:00:00Z");
    runUntil(nextSlot.plus(Duration.ofMinutes(10)));
    assertThat(windowsCalled()).containsExactly(ExportWindow.full(nextSlot));
    assertThat(exported().getStatus()).isEqualTo("True");
    assertThat(events("ExportSlotSkipped")).hasSize(1);
  }

  @Test
  void aThreeDayOutageCatchesUpInWindowsOf24Hours() {
    createExporting();
    Instant beforeOutage = BASE.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(10));
    runUntil(beforeOutage);

    fx.clock.set(beforeOutage.plus(Duration.ofDays(3))); // the operator was down
    fx.restart();
    Instant end = beforeOutage.plus(Duration.ofDays(3)).plus(Duration.ofHours(2));
    runUntil(end);

    // computed from the clock: after the base and four hours, three windows of 24 hours, then
    // hourly ones up to the last whole hour before the end
    Instant through = BASE.plus(Duration.ofHours(4));
    List<ExportWindow> expected = new ArrayList<>(hourlyFrom(BASE, 4));
    for (int day = 0; day < 3; day++) {
      expected.add(ExportWindow.incremental(through, through.plus(Duration.ofDays(1))));
      through = through.plus(Duration.ofDays(1));
    }
    while (!through.plus(HOUR).isAfter(end.minus(ScheduleFixture.EXPORT_TAKES))) {
      expected.add(ExportWindow.incremental(through, through.plus(HOUR)));
      through = through.plus(HOUR);
    }
    assertThat(windowsCalled()).containsExactlyElementsOf(expected);
    assertThat(exportStatus().getGaps()).isNull();
  }

  @Test
  void aWindowPastPointInTimeRecoveryStartsANewBaseAndReportsTheGap() {
    ToldMetrics told = new ToldMetrics();
    fx.useMetrics(told);
    fx.dynamo.updateContinuousBackups(new TableTarget("orders", null, null), true, 1);
    createExporting();
    Instant beforeOutage = BASE.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10));
    runUntil(beforeOutage);
    Instant through = BASE.plus(Duration.ofHours(2));

    fx.clock.set(beforeOutage.plus(Duration.ofDays(2))); // longer than the 1-day PITR window
    fx.restart();
    Instant end = fx.clock.instant().plus(Duration.ofHours(2));
    runUntil(end);

    // the new base: the first point of the chain's hourly grid at least 10 minutes inside the
    // window, which starts a day before the reconcile that found the gap
    Instant earliest = beforeOutage.plus(Duration.ofDays(2)).minus(Duration.ofDays(1));
    Instant newBase = through;
    while (newBase.isBefore(earliest.plus(Duration.ofMinutes(10)))) {
      newBase = newBase.plus(HOUR);
    }
    List<ExportWindow> called = windowsCalled();
    assertThat(called.subList(0, 3)).containsExactlyElementsOf(hourlyFrom(BASE, 2));
    assertThat(called.get(3)).isEqualTo(ExportWindow.full(newBase));
    assertThat(called.get(3).kind()).isEqualTo(ExportKind.FULL);
    for (int i = 4; i < called.size(); i++) {
      assertThat(called.get(i).from()).isEqualTo(called.get(i - 1).to());
    }
    DynamoDBBackupScheduleStatus status = fx.status("orders");
    assertThat(status.getExport().getGaps().getCount()).isEqualTo(1);
    assertThat(status.getExport().getGaps().getLastFrom()).isEqualTo(through.toString());
    assertThat(status.getExport().getGaps().getLastTo()).isEqualTo(newBase.toString());
    assertThat(status.getExport().getBase().getExportTime()).isEqualTo(newBase.toString());
    List<Event> gaps = events("ExportGap");
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0).getType()).isEqualTo("Warning");
    assertThat(gaps.get(0).getMessage()).contains(through.toString()).contains(newBase.toString());
    assertThat(told.gaps).as("the gap counter").isEqualTo(1);
    // every export the fake completed is counted once, with the bytes it billed
    assertThat(told.finished).hasSize(called.size()).allMatch(f -> f.endsWith("Completed 4096"));
    assertThat(told.points.get(told.points.size() - 1))
        .isEqualTo(Instant.parse(fx.status("orders").getExport().getGapFreeThrough()));
  }
}
