package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.aws.FakeBackupStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
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
  final FakeBackupStore dynamo;
  BackupScheduleReconciler reconciler;
  ScheduleResources resources;

  ScheduleFixture(KubernetesClient client, Instant start) {
    this.client = client;
    this.clock = new MutableClock(start);
    this.dynamo = new FakeBackupStore(clock).addTable("orders").addTable("users");
    this.resources = new ScheduleResources(client);
    restart();
  }

  /** A new reconciler over the same API server and DynamoDB, as after a crash. */
  void restart() {
    reconciler =
        new BackupScheduleReconciler(
            dynamo,
            resources,
            new ScheduleEvents(client, clock),
            clock,
            new Backoff(
                Duration.ofSeconds(2),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                () -> 0.5));
  }

  void useResources(ScheduleResources custom) {
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
            .withCreationTimestamp(Times.format(clock.instant()))
            .build());
    schedule.setSpec(spec);
    return client.resource(schedule).create();
  }

  DynamoDBBackupSchedule get(String name) {
    return client.resources(DynamoDBBackupSchedule.class).inNamespace(NAMESPACE).withName(name).get();
  }

  DynamoDBBackupScheduleStatus status(String name) {
    return get(name).getStatus();
  }

  Optional<Duration> reconcile(String name) {
    return reconciler.reconcile(get(name));
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
