package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.export.ConcurrentExports;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.FakeExportBucket;
import io.ddbbackup.operator.export.FakeExportStore;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.ddbbackup.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One reconciler wired to a mock API server, a fake DynamoDB and a clock the test moves. The
 * reconciler is called directly with what the API server holds, as the informer would hand it.
 */
final class ScheduleFixture {

  static final String NAMESPACE = "shop";

  final KubernetesClient client;
  final MutableClock clock;
  FakeBackupStore dynamo;
  BackupScheduleReconciler reconciler;
  TenancyPolicy tenancy = TenancyPolicy.allowAll();
  ScheduleStatusApi resources;
  ResourceEvents events;
  ScheduleMetrics metrics = ScheduleMetrics.NONE;

  /** How long an export of the fake takes, start to COMPLETED. */
  static final Duration EXPORT_TAKES = Duration.ofMinutes(5);

  /** DynamoDB's exports, over the table's point-in-time recovery as {@link #dynamo} has it. */
  FakeExportStore exportsFake;

  /** What the reconciler calls for exports: {@link #exportsFake} unless a test wraps it. */
  ExportStore exports;

  /** The export bucket: the records written beside the exports. */
  FakeExportBucket bucket = new FakeExportBucket();

  /** What the reconciler calls for the bucket: {@link #bucket} unless a test wraps it. */
  ExportBucket bucketCalls = bucket;

  /**
   * Where the clock starts unless a test says otherwise: a fixed instant, so no test depends on the
   * hour it runs at. Midday keeps it away from the 03:00 slots and 03:30 drills tests speak of.
   */
  static final Instant ORIGIN = Instant.parse("2026-01-14T12:00:00Z");

  /** The table whose point-in-time recovery the export fake follows. */
  String tableOfExports = "orders";

  /** Tests speak of slots relative to it: {@link #slot(int)}. */
  private final Instant origin;

  ScheduleFixture(ClockedApiServer api) {
    this(api, ORIGIN);
  }

  /** A fixture whose clock, and the API server's creation stamps, start at {@code origin}. */
  ScheduleFixture(ClockedApiServer api, Instant origin) {
    this.origin = origin.truncatedTo(ChronoUnit.SECONDS);
    this.client = api.client();
    this.clock = new MutableClock(this.origin);
    api.stampWith(clock);
    this.dynamo = new FakeBackupStore(clock).addTable("orders").addTable("users");
    this.exportsFake =
        new FakeExportStore(
            clock::instant,
            EXPORT_TAKES,
            now -> dynamo.pitrNow(tableOfExports).earliestRestorable());
    exportsFake.latest(now -> dynamo.pitrNow(tableOfExports).latestRestorable());
    this.exports = exportsFake;
    this.resources = new ScheduleStatusApi(client);
    // the mock API server lives as long as the test class: start each test from an empty one
    // (finalizers dropped first, or a schedule that carries one would only be marked for deletion)
    client
        .resources(DynamoDBBackupSchedule.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(
            s ->
                client
                    .resource(s)
                    .edit(
                        e -> {
                          e.getMetadata().setFinalizers(null);
                          return e;
                        }));
    client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().delete();
    client.v1().events().inAnyNamespace().delete();
    restart();
  }

  /**
   * A new reconciler over the same API server and DynamoDB, as after a crash: its inventory starts
   * empty and is filled on the test's thread when first needed.
   */
  void restart() {
    reconciler =
        new BackupScheduleReconciler(
            BackupInventory.onDemand(dynamo, clock),
            dynamo,
            exports,
            bucketCalls,
            new ConcurrentExports(),
            DrillChecker.inCallerThread(),
            resources,
            events == null ? new ResourceEvents(client, clock) : events,
            clock,
            new Backoff(
                Duration.ofSeconds(2),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                () -> 0.5),
            metrics,
            tenancy,
            Checkpoints.NONE,
            BackupScheduleReconciler.DEFAULT_PITR_CHECK_INTERVAL);
  }

  /** Another DynamoDB, e.g. one with no default region. */
  void useDynamo(FakeBackupStore other) {
    this.dynamo = other;
    restart();
  }

  /** Export calls through {@code wrapped} (e.g. one that crashes), the fake behind it. */
  void useExports(ExportStore wrapped) {
    this.exports = wrapped;
    restart();
  }

  /** Bucket calls through {@code wrapped} (e.g. one that refuses a call), the fake behind it. */
  void useBucket(ExportBucket wrapped) {
    this.bucketCalls = wrapped;
    restart();
  }

  void useTenancy(TenancyPolicy policy) {
    this.tenancy = policy;
    restart();
  }

  void useEvents(ResourceEvents custom) {
    this.events = custom;
    restart();
  }

  /** Metrics that record what they are told. */
  void useMetrics(ScheduleMetrics custom) {
    this.metrics = custom;
    restart();
  }

  void useResources(ScheduleStatusApi custom) {
    this.resources = custom;
    restart();
  }

  DynamoDBBackupSchedule create(String name, Consumer<DynamoDBBackupScheduleSpec> customize) {
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName("orders");
    spec.setSchedule("0 3 * * *");
    customize.accept(spec);
    DynamoDBBackupSchedule schedule = new DynamoDBBackupSchedule();
    schedule.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withCreationTimestamp(StatusTimes.format(clock.instant()))
            .build());
    schedule.setSpec(spec);
    return client.resource(schedule).create();
  }

  /** The n-th daily 03:00 UTC slot after the test began (negative: before it). */
  Instant slot(int n) {
    Instant today = origin.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(3));
    Instant first = today.isAfter(origin) ? today : today.plus(Duration.ofDays(1));
    return first.plus(Duration.ofDays(n));
  }

  /** The backup name the schedule {@code name} (default prefix) gives {@code slot}. */
  String name(String name, Instant slot) {
    return new BackupName(NAMESPACE + "_" + name).forSlot(slot);
  }

  DynamoDBBackupSchedule get(String name) {
    return client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  DynamoDBBackupScheduleStatus status(String name) {
    return get(name).getStatus();
  }

  /**
   * Reconciles with every schedule of the API server beside it, as the informer's cache has them.
   */
  Optional<Duration> reconcile(String name) {
    return reconciler.reconcile(
        get(name),
        () -> client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().list().getItems());
  }

  /**
   * Reconciles, then keeps following while the reconciler asks to come back within a minute (a
   * backup CREATING), moving the clock to each wake-up, as JOSDK's timer would.
   */
  Optional<Duration> reconcileUntilSettled(String name) {
    Optional<Duration> wake = reconcile(name);
    for (int i = 0;
        i < 20 && wake.isPresent() && wake.get().compareTo(Duration.ofMinutes(1)) <= 0;
        i++) {
      clock.advance(wake.get());
      wake = reconcile(name);
    }
    return wake;
  }

  /**
   * Reconciles {@code name} whenever the reconciler asks to be woken, as JOSDK's timer would,
   * moving the clock to each wake-up, until {@code end}.
   */
  void runUntil(String name, Instant end) {
    for (int i = 0; i < 10_000; i++) {
      Optional<Duration> wake = reconcile(name);
      Instant next = wake.map(w -> clock.instant().plus(w)).orElse(end);
      if (!next.isBefore(end)) {
        clock.set(end);
        return;
      }
      clock.set(next.isAfter(clock.instant()) ? next : clock.instant().plusSeconds(1));
    }
    throw new AssertionError("the reconciler never let the clock reach " + end);
  }

  void annotate(String name, String key, String value) {
    client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            s -> {
              s.getMetadata().setAnnotations(Map.of(key, value));
              return s;
            });
  }

  void editSpec(String name, Consumer<DynamoDBBackupScheduleSpec> change) {
    client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            s -> {
              change.accept(s.getSpec());
              return s;
            });
  }

  static RetentionSpec keepLast(int n) {
    RetentionSpec retention = new RetentionSpec();
    retention.setKeepLast(n);
    return retention;
  }

  static Consumer<DynamoDBBackupScheduleSpec> deletionPolicy(DeletionPolicy policy) {
    return spec -> spec.setDeletionPolicy(policy);
  }
}
