package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreSpec;
import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.api.RestoreSource;
import io.ddbbackup.operator.api.ScheduleSource;
import io.ddbbackup.operator.app.ScheduleSources;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.FakeExportBucket;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.FakeReplayJobs;
import io.ddbbackup.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One restore reconciler wired to a mock API server, a fake DynamoDB (backups and tables) and a
 * clock the test moves. The reconciler is called directly, as JOSDK would after each change.
 */
final class RestoreFixture {

  static final String NAMESPACE = "shop";
  static final BackupName NIGHTLY = new BackupName(NAMESPACE + "_nightly");

  final KubernetesClient client;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final FakeBackupStore dynamo = new FakeBackupStore(clock).addTable("orders");
  final FakeExportBucket bucket = new FakeExportBucket();
  final FakeReplayJobs jobs = new FakeReplayJobs();
  RestoreStatusApi api;
  TenancyPolicy tenancy = TenancyPolicy.allowAll();
  RestoreReconciler reconciler;
  private long backupSequence;

  RestoreFixture(KubernetesClient client) {
    this.client = client;
    this.api = new RestoreStatusApi(client);
    client.resources(DynamoDBRestore.class).inAnyNamespace().delete();
    client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().delete();
    client.v1().events().inAnyNamespace().delete();
    restart();
  }

  /** A new reconciler over the same API server and DynamoDB, as after a crash. */
  void restart() {
    reconciler =
        new RestoreReconciler(
            dynamo,
            dynamo,
            ScheduleSources.of(client),
            api,
            new ResourceEvents(client, clock),
            clock,
            new Backoff(
                Duration.ofSeconds(2),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                () -> 0.5),
            RestoreMetrics.NONE,
            tenancy,
            bucket,
            jobs);
  }

  void useApi(RestoreStatusApi custom) {
    this.api = custom;
    restart();
  }

  void useTenancy(TenancyPolicy policy) {
    this.tenancy = policy;
    restart();
  }

  /** The schedule "nightly" backing up table orders, as a user applies it. */
  void schedule() {
    schedule(null);
  }

  /** The schedule "nightly" backing up table orders in {@code region} (null: the operator's). */
  void schedule(String region) {
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName("orders");
    spec.setRegion(region);
    spec.setSchedule("0 3 * * *");
    DynamoDBBackupSchedule schedule = new DynamoDBBackupSchedule();
    schedule.setMetadata(
        new ObjectMetaBuilder().withName("nightly").withNamespace(NAMESPACE).build());
    schedule.setSpec(spec);
    client.resource(schedule).create();
  }

  /** A backup of table orders made {@code ago} before now, named and typed as given. */
  Backup backup(String name, Duration ago, BackupStatus status, BackupType type) {
    Instant at = clock.instant().minus(ago);
    Backup backup =
        new Backup(
            "arn:aws:dynamodb:eu-west-1:%s:table/orders/backup/%013d-%08d"
                .formatted(FakeBackupStore.ACCOUNT, at.toEpochMilli(), ++backupSequence),
            name,
            "orders",
            at,
            status,
            type,
            1000);
    dynamo.seed(backup);
    return backup;
  }

  /** An AVAILABLE backup the schedule "nightly" owns, of the slot {@code ago} before now. */
  Backup owned(Duration ago) {
    Instant slot = clock.instant().minus(ago).truncatedTo(ChronoUnit.SECONDS);
    return backup(NIGHTLY.forSlot(slot), ago, BackupStatus.AVAILABLE, BackupType.USER);
  }

  /** A backup CreateBackup made now, as DynamoDB would (it remembers the table as it is). */
  Backup backupNow(String name) {
    return dynamo.create(new TableTarget("orders", null, null), name);
  }

  DynamoDBRestore create(String name, Consumer<DynamoDBRestoreSpec> customize) {
    DynamoDBRestoreSpec spec = new DynamoDBRestoreSpec();
    spec.setTargetTableName("orders-restored");
    spec.setSource(new RestoreSource());
    customize.accept(spec);
    DynamoDBRestore restore = new DynamoDBRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    restore.setSpec(spec);
    return client.resource(restore).create();
  }

  static Consumer<DynamoDBRestoreSpec> fromSchedule() {
    return spec -> {
      ScheduleSource source = new ScheduleSource();
      source.setName("nightly");
      source.setPick(ScheduleSource.Pick.Latest);
      spec.getSource().setFromSchedule(source);
    };
  }

  static Consumer<DynamoDBRestoreSpec> backupArn(String arn) {
    return spec -> spec.getSource().setBackupArn(arn);
  }

  static Consumer<DynamoDBRestoreSpec> backupName(String name) {
    return spec -> spec.getSource().setBackupName(name);
  }

  DynamoDBRestore get(String name) {
    return client.resources(DynamoDBRestore.class).inNamespace(NAMESPACE).withName(name).get();
  }

  DynamoDBRestoreStatus status(String name) {
    return get(name).getStatus();
  }

  Condition ready(String name) {
    return Conditions.ready(status(name).getConditions());
  }

  Optional<Duration> reconcile(String name) {
    return reconciler.reconcile(get(name));
  }

  /** Reconciles, then again at each wake-up within an hour, moving the clock, as JOSDK would. */
  Optional<Duration> reconcileUntilSettled(String name) {
    Optional<Duration> wake = reconcile(name);
    for (int i = 0;
        i < 50 && wake.isPresent() && wake.get().compareTo(Duration.ofHours(1)) <= 0;
        i++) {
      clock.advance(wake.get());
      wake = reconcile(name);
    }
    return wake;
  }

  /** The reasons of the Warning and Normal Events on the restore, in the order sent. */
  List<String> eventReasons(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }
}
