package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.app.BenchApp;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.ddbbackup.operator.reconciler.policy.PolicyReconciler;
import io.ddbbackup.operator.reconciler.policy.PolicySchedules;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.export.ConcurrentExports;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.inventory.InventorySettings;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.schedule.BackupScheduleReconciler;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * The operator as app/Main wires it (metered store, Micrometer metrics, real clock, standard
 * backoff, JOSDK defaults), in this JVM, authenticated as its ServiceAccount, with the simulated
 * DynamoDB behind the store and counters on the Kubernetes side. Leader election is off, as in the
 * e2e tests: its Lease renewals are a fixed cost independent of the schedules.
 */
final class InProcessOperator implements AutoCloseable {

  final KubernetesRequests requests = new KubernetesRequests();
  final KubernetesClient client;
  final CountingResources resources;
  final ObservedSchedules observed;
  final long startNanos;
  private final Operator operator;

  InProcessOperator(
      Path kubeconfig, BackupStore store, TableStore tables, String namespace, int expected) {
    this(kubeconfig, store, tables, null, null, null, namespace, expected);
  }

  /**
   * With the backup policies' reconciler too, wired as app/Main wires it (the catalog metered, the
   * policy metrics, no tenancy limits, no checkpoints), watching the same namespace.
   */
  InProcessOperator(
      Path kubeconfig,
      BackupStore store,
      TableStore tables,
      TableCatalog catalog,
      String namespace,
      int expected) {
    this(kubeconfig, store, tables, catalog, null, null, namespace, expected);
  }

  /**
   * With exports (spec.export) wired as app/Main wires them: the export store and the bucket
   * metered, one {@link ConcurrentExports} gate.
   */
  InProcessOperator(
      Path kubeconfig,
      BackupStore store,
      TableStore tables,
      ExportStore exports,
      ExportBucket bucket,
      String namespace,
      int expected) {
    this(kubeconfig, store, tables, null, exports, bucket, namespace, expected);
  }

  /**
   * Null {@code catalog}: no policy reconciler; null {@code exports}: the operator without an
   * export store, as the backup scenarios have always run it.
   */
  private InProcessOperator(
      Path kubeconfig,
      BackupStore store,
      TableStore tables,
      TableCatalog catalog,
      ExportStore exports,
      ExportBucket bucket,
      String namespace,
      int expected) {
    startNanos = System.nanoTime();
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(read(kubeconfig)))
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("bench", requests))
            .build();
    resources = new CountingResources(client);
    observed = new ObservedSchedules(BenchApp.scheduleMetrics(registry, clock));
    observed.expect(expected);
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withStopOnInformerErrorDuringStartup(false));
    var events = ResourceEvents.sentInBackground(client, clock);
    var reconciler =
        exports == null
            ? new BackupScheduleReconciler(
                BenchApp.metered(store, registry),
                BenchApp.metered(tables, registry),
                resources,
                events,
                clock,
                Backoff.standard(),
                observed,
                TenancyPolicy.allowAll())
            : new BackupScheduleReconciler(
                BackupInventory.inBackground(
                    BenchApp.metered(store, registry), InventorySettings.defaults(), clock),
                BenchApp.metered(tables, registry),
                BenchApp.metered(exports, registry),
                BenchApp.metered(bucket, registry),
                new ConcurrentExports(),
                null, // no drills, as the 8-argument constructor
                resources,
                events,
                clock,
                Backoff.standard(),
                observed,
                TenancyPolicy.allowAll(),
                Checkpoints.NONE,
                BackupScheduleReconciler.DEFAULT_PITR_CHECK_INTERVAL);
    operator.register(reconciler, o -> o.settingNamespaces(Set.of(namespace)));
    if (catalog != null) {
      operator.register(
          new PolicyReconciler(
              BenchApp.metered(catalog, registry),
              new PolicySchedules(client, Set.of(namespace)),
              new StatusApi<>(client, DynamoDBBackupPolicy.class),
              events,
              BenchApp.policyMetrics(registry),
              clock,
              TenancyPolicy.allowAll(),
              Checkpoints.NONE),
          o -> o.settingNamespaces(Set.of(namespace)));
    }
    operator.start();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    operator.stop();
    client.close();
  }
}
