package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicySpec;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.ScheduleTemplate;
import io.ddbbackup.operator.api.TableSelector;
import io.ddbbackup.operator.policy.FakeTableCatalog;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One policy reconciler wired to a mock API server, a fake table catalog and a clock the test
 * moves. The reconciler is called directly, as JOSDK would after each change.
 */
final class PolicyFixture {

  static final String NAMESPACE = "platform";

  final KubernetesClient client;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final FakeTableCatalog catalog = new FakeTableCatalog();
  TenancyPolicy tenancy = TenancyPolicy.allowAll();
  PolicyReconciler reconciler;

  PolicyFixture(KubernetesClient client) {
    this.client = client;
    client.resources(DynamoDBBackupPolicy.class).inAnyNamespace().delete();
    client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().delete();
    client.v1().events().inAnyNamespace().delete();
    restart();
  }

  /** What the reconciler last told the metrics, per policy name. */
  final java.util.Map<String, PolicyMetrics.Tables> told =
      new java.util.concurrent.ConcurrentHashMap<>();

  final PolicyMetrics metrics =
      new PolicyMetrics() {
        @Override
        public void observed(String namespace, String name, Tables tables) {
          told.merge(
              name,
              tables,
              (before, now) ->
                  now.uncovered() != null
                      ? now
                      : new Tables(
                          now.matched(),
                          now.covered(),
                          now.skipped(),
                          now.failing(),
                          before.uncovered()));
        }

        @Override
        public void forget(String namespace, String name) {
          told.remove(name);
        }
      };

  void restart() {
    reconciler =
        new PolicyReconciler(
            catalog,
            new PolicySchedules(client, java.util.Set.of()) {
              @Override
              public List<DynamoDBBackupSchedule> all() {
                listsOfAll.incrementAndGet();
                return super.all();
              }

              @Override
              public List<DynamoDBBackupSchedule> ownedBy(DynamoDBBackupPolicy policy) {
                listsOfOwn.incrementAndGet();
                return super.ownedBy(policy);
              }

              // the mock API server knows no dry run (it would write) and fills in no defaults
              @Override
              public DynamoDBBackupSchedule asStored(
                  DynamoDBBackupSchedule schedule, boolean exists) {
                return schedule;
              }
            },
            new StatusApi<>(client, DynamoDBBackupPolicy.class) {
              @Override
              protected DynamoDBBackupPolicy put(DynamoDBBackupPolicy copy) {
                Runnable edit = beforeNextStatusWrite;
                beforeNextStatusWrite = null;
                if (edit != null) {
                  edit.run();
                }
                // the mock server does not check the version of a status write; a real one does
                String now = get(copy.getMetadata().getName()).getMetadata().getResourceVersion();
                if (!now.equals(copy.getMetadata().getResourceVersion())) {
                  throw new KubernetesClientException(
                      new StatusBuilder()
                          .withCode(HttpURLConnection.HTTP_CONFLICT)
                          .withReason("Conflict")
                          .withMessage("the object has been modified")
                          .build());
                }
                return super.put(copy);
              }
            },
            new ResourceEvents(client, clock),
            metrics,
            clock,
            tenancy);
  }

  /** LISTs of every schedule (what covers a table) the reconciler made. */
  final AtomicInteger listsOfAll = new AtomicInteger();

  /** LISTs of a policy's generated schedules the reconciler made. */
  final AtomicInteger listsOfOwn = new AtomicInteger();

  /** Runs once, right before the next status write reaches the API server (a concurrent edit). */
  volatile Runnable beforeNextStatusWrite;

  void useTenancy(TenancyPolicy policy) {
    this.tenancy = policy;
    restart();
  }

  /** A policy named {@code name}, as a user applies it: daily at 03:00, the rest customized. */
  DynamoDBBackupPolicy apply(String name, Consumer<DynamoDBBackupPolicySpec> customize) {
    DynamoDBBackupPolicySpec spec = new DynamoDBBackupPolicySpec();
    spec.setRegion("eu-west-1");
    spec.setSelector(new TableSelector());
    ScheduleTemplate template = new ScheduleTemplate();
    template.setSchedule("0 3 * * *");
    spec.setTemplate(template);
    customize.accept(spec);
    DynamoDBBackupPolicy policy = new DynamoDBBackupPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    policy.setSpec(spec);
    return client.resource(policy).create();
  }

  /** Changes the policy's spec as kubectl edit would. */
  DynamoDBBackupPolicy edit(String name, Consumer<DynamoDBBackupPolicySpec> change) {
    return client
        .resources(DynamoDBBackupPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            p -> {
              change.accept(p.getSpec());
              p.getMetadata()
                  .setGeneration(
                      p.getMetadata().getGeneration() == null
                          ? 2
                          : p.getMetadata().getGeneration() + 1);
              return p;
            });
  }

  /** A schedule written by hand. */
  void handWritten(String namespace, String name, String table) {
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName(table);
    spec.setRegion("eu-west-1");
    spec.setSchedule("0 * * * *");
    DynamoDBBackupSchedule s = new DynamoDBBackupSchedule();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    s.setSpec(spec);
    client.resource(s).create();
  }

  Optional<Duration> reconcile(String name) {
    return reconciler.reconcile(get(name));
  }

  /** As JOSDK calls it: with the generated schedules the watch on them holds. */
  Optional<Duration> reconcile(String name, Set<DynamoDBBackupSchedule> watched) {
    return reconciler.reconcile(get(name), watched);
  }

  /** The generated schedules as a watch on them holds them (read here, not by the reconciler). */
  Set<DynamoDBBackupSchedule> watched() {
    return new HashSet<>(
        client
            .resources(DynamoDBBackupSchedule.class)
            .inNamespace(NAMESPACE)
            .withLabel(DynamoDBBackupPolicy.POLICY_LABEL)
            .list()
            .getItems());
  }

  DynamoDBBackupPolicy get(String name) {
    return client.resources(DynamoDBBackupPolicy.class).inNamespace(NAMESPACE).withName(name).get();
  }

  DynamoDBBackupPolicyStatus status(String name) {
    return get(name).getStatus();
  }

  Condition ready(String name) {
    return Conditions.ready(status(name).getConditions());
  }

  List<DynamoDBBackupSchedule> schedules() {
    return client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().list().getItems();
  }

  List<String> eventReasons() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(Event::getReason)
        .toList();
  }
}
