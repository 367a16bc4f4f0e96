package io.ddbbackup.operator.app;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.aws.DynamoDb;
import io.ddbbackup.operator.aws.StoreSettings;
import io.ddbbackup.operator.backup.Leadership;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.export.ConcurrentExports;
import io.ddbbackup.operator.export.WrappedExportBucket;
import io.ddbbackup.operator.export.WrappedExportStore;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.inventory.InventorySettings;
import io.ddbbackup.operator.jobs.KubernetesReplayJobs;
import io.ddbbackup.operator.jobs.ReplayJobSettings;
import io.ddbbackup.operator.policy.WrappedTableCatalog;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.reconciler.policy.PolicyReconciler;
import io.ddbbackup.operator.reconciler.policy.PolicySchedules;
import io.ddbbackup.operator.reconciler.restore.RestoreReconciler;
import io.ddbbackup.operator.reconciler.restore.RestoreStatusApi;
import io.ddbbackup.operator.reconciler.schedule.BackupScheduleReconciler;
import io.ddbbackup.operator.reconciler.schedule.DrillChecker;
import io.ddbbackup.operator.reconciler.schedule.ScheduleStatusApi;
import io.ddbbackup.operator.restore.ReplayJobs;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.restore.WrappedTableStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator: one process, configured by flags and environment variables. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("check")) {
      System.exit(HttpCheck.run(java.util.List.of(args).subList(1, args.length), System.out));
      return;
    }
    if (args.length > 0 && args[0].equals(ReplayRequest.COMMAND)) {
      System.exit(ReplayCommand.run(java.util.List.of(args), System.getenv()));
      return;
    }
    start(args, Checkpoints.NONE, Clock.systemUTC());
  }

  /**
   * Parses the options and runs the operator; {@code checkpoints} is told where each reconcile gets
   * to (nothing is, in the released operator: see {@link Checkpoints}).
   */
  static void start(String[] args, Checkpoints checkpoints) throws Exception {
    start(args, checkpoints, Clock.systemUTC());
  }

  /**
   * As {@link #start(String[], Checkpoints)}, on {@code clock}: the one clock every part of the
   * operator reads the time from (the wall clock in the released operator).
   */
  static void start(String[] args, Checkpoints checkpoints, Clock clock) throws Exception {
    LogFormat.warning(System.getenv("LOG_FORMAT")).ifPresent(LOG::warn);
    OperatorConfig config;
    TenancyPolicy tenancy;
    try {
      config = OperatorConfig.from(args, System.getenv());
      tenancy =
          config.help()
              ? null
              : TenancyPolicyFile.load(config.tenancyPolicyFile(), config.tenancyPolicySource());
    } catch (IllegalArgumentException e) {
      System.err.println("dynamodb-backup-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.help()) {
      System.out.print(OperatorConfig.USAGE);
      return;
    }
    run(config, tenancy, checkpoints, clock);
  }

  static void run(
      OperatorConfig config, TenancyPolicy tenancy, Checkpoints checkpoints, Clock clock)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    LeaderElectionConfiguration election =
        config.leaderElection() ? leaderElection(config, client) : null;
    // every AWS write asks the Lease first when there is one (LeaseLeadership)
    Leadership leadership =
        election == null
            ? Leadership.ALONE
            : new LeaseLeadership(
                client,
                election.getLeaseNamespace().orElse(null),
                election.getLeaseName(),
                election.getIdentity().orElseThrow(),
                election.getRenewDeadline(),
                clock);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Operator operator = operator(election, client, registry);
    register(operator, config, tenancy, client, registry, clock, leadership, checkpoints);
    HttpEndpoints http = http(config, registry, operator);
    operator.installShutdownHook(Duration.ofSeconds(10));
    LOG.info(
        "starting: namespaces={} leaderElection={} httpPort={} tenancy={}",
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.leaderElection(),
        http == null ? "off" : http.port(),
        tenancy.allowsEverything() ? "allow all" : tenancy.rules().size() + " rule(s)");
    operator.start();
  }

  /** One reconciler per kind, over one set of AWS clients, every call metered. */
  private static void register(
      Operator operator,
      OperatorConfig config,
      TenancyPolicy tenancy,
      KubernetesClient client,
      PrometheusMeterRegistry registry,
      Clock clock,
      Leadership leadership,
      Checkpoints checkpoints) {
    DynamoDb dynamo = DynamoDb.connect(StoreSettings.defaults().withLeadership(leadership));
    CallMetrics calls = new CallMetrics(registry);
    var store = new WrappedBackupStore(dynamo.backups(), calls);
    var tables = new WrappedTableStore(dynamo.tables(), calls);
    // exports have their own rate-limit buckets (Quotas) and one gate for the 300 in flight
    var exports = new WrappedExportStore(dynamo.exports(), calls);
    // the record beside each completed export, in the export's bucket (S3), counted like the rest
    var exportBucket = new WrappedExportBucket(dynamo.exportBucket(), calls);
    var events = ResourceEvents.sentInBackground(client, clock);
    // one inventory of backups per account and region, shared by every schedule
    var inventory =
        BackupInventory.inBackground(
            store,
            InventorySettings.withFullListingPeriod(config.inventoryFullListingPeriod()),
            clock);
    operator.register(
        new BackupScheduleReconciler(
            inventory,
            tables,
            exports,
            exportBucket,
            new ConcurrentExports(),
            DrillChecker.inBackground(),
            new ScheduleStatusApi(client),
            events,
            clock,
            Backoff.standard(),
            new MicrometerScheduleMetrics(registry, clock, config.overdueGrace()),
            tenancy,
            checkpoints,
            config.pitrCheckInterval()),
        o -> watched(config, o));
    // the Jobs that replay incremental exports for restores from the export chain
    ReplayJobs replayJobs = replayJobs(config, client, System.getenv());
    operator.register(
        new RestoreReconciler(
            // what a restore lists is recorded in the inventory too
            inventory.store(),
            tables,
            ScheduleSources.of(client),
            new RestoreStatusApi(client),
            events,
            clock,
            Backoff.standard(),
            new MicrometerRestoreMetrics(registry),
            tenancy,
            exportBucket,
            replayJobs),
        o -> watched(config, o));
    operator.register(
        new PolicyReconciler(
            new WrappedTableCatalog(dynamo.catalog(), calls),
            new PolicySchedules(client, java.util.Set.copyOf(config.namespaces())),
            new StatusApi<>(client, DynamoDBBackupPolicy.class),
            events,
            new MicrometerPolicyMetrics(registry),
            clock,
            tenancy,
            checkpoints),
        o -> watched(config, o));
  }

  /**
   * The replay Jobs, made in {@code --replay-namespace} or else the operator's own namespace (where
   * the chart and config/rbac grant it Jobs), with the operator's region and AWS endpoints passed
   * on to the pods.
   */
  public static KubernetesReplayJobs replayJobs(
      OperatorConfig config, KubernetesClient client, Map<String, String> env) {
    String namespace =
        config.replayNamespace() != null ? config.replayNamespace() : client.getNamespace();
    return new KubernetesReplayJobs(
        client,
        new ReplayJobSettings(
            namespace == null ? "default" : namespace,
            config.replayImage(),
            config.replayImagePullPolicy(),
            config.replayServiceAccount(),
            config.replayCpu(),
            config.replayMemory(),
            ReplayJobSettings.passedThrough(env)));
  }

  private static void watched(OperatorConfig config, ControllerConfigurationOverrider<?> o) {
    if (!config.namespaces().isEmpty()) {
      o.settingNamespaces(config.namespaces());
    }
  }

  private static Operator operator(
      LeaderElectionConfiguration election,
      KubernetesClient client,
      PrometheusMeterRegistry registry) {
    return new Operator(
        o -> {
          o.withKubernetesClient(client)
              .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
              .withStopOnInformerErrorDuringStartup(false);
          if (election != null) {
            o.withLeaderElectionConfiguration(election);
          }
        });
  }

  /**
   * The Lease to elect a leader by, with the namespace and identity spelled out (JOSDK would pick
   * the same: the client's namespace and HOSTNAME, a pod's name), so that the write guard reads the
   * Lease JOSDK writes.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorConfig config, KubernetesClient client) {
    String namespace =
        config.leaseNamespace() != null ? config.leaseNamespace() : client.getNamespace();
    String hostname = System.getenv("HOSTNAME");
    String identity =
        hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
    return new LeaderElectionConfiguration(
        config.leaseName(),
        namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        new LeaderCallbacks(
            () -> LOG.info("became the leader: reconciling schedules"),
            () -> LOG.info("lost the lease: stopping"),
            leader -> LOG.info("current leader: {}", leader)),
        // a deposed leader exits and restarts rather than risk acting twice
        true);
  }

  /** /metrics, /healthz and /readyz; null when the port is 0. */
  private static HttpEndpoints http(
      OperatorConfig config, PrometheusMeterRegistry registry, Operator operator)
      throws java.io.IOException {
    if (config.httpPort() <= 0) {
      return null;
    }
    return new HttpEndpoints(
        config.httpHost(),
        config.httpPort(),
        registry,
        () -> true,
        () ->
            operator.getRuntimeInfo().isStarted()
                && operator.getRuntimeInfo().allEventSourcesAreHealthy());
  }
}
