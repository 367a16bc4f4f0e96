package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.NotLeading;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup policy's reconcile: check the spec, then a short pipeline of parts passing a {@link
 * PolicyStep}: list the tables when due (and only then), make the generated schedules what the
 * policy wants, and finish (status, Events, the wake-up at the next discovery). The generated
 * schedules are watched, so a hand edit of one is put back at once; deleting the policy deletes
 * them through their owner reference, each applying its deletion policy.
 */
@ControllerConfiguration(
    name = PolicyReconciler.NAME,
    // status writes must not wake it, but a new discover-now value must
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrDiscoverNowChanged.class))
public class PolicyReconciler implements Reconciler<DynamoDBBackupPolicy> {

  public static final String NAME = "dynamodbbackuppolicy";

  private static final Logger LOG = LoggerFactory.getLogger(PolicyReconciler.class);

  private final StatusApi<DynamoDBBackupPolicy, DynamoDBBackupPolicyStatus> api;
  private final PolicySchedules schedules;
  private final Clock clock;
  private final PolicyDiscovery discovery;
  private final ScheduleGenerator generator;
  private final PolicyOutcome outcome;
  private final PolicyMetrics metrics;

  public PolicyReconciler(
      TableCatalog catalog,
      PolicySchedules schedules,
      StatusApi<DynamoDBBackupPolicy, DynamoDBBackupPolicyStatus> api,
      ResourceEvents events,
      PolicyMetrics metrics,
      Clock clock,
      TenancyPolicy tenancy) {
    this(catalog, schedules, api, events, metrics, clock, tenancy, Checkpoints.NONE);
  }

  /**
   * As the operator runs it; {@code checkpoints} is told where each reconcile gets to (nothing is,
   * in the released operator).
   */
  public PolicyReconciler(
      TableCatalog catalog,
      PolicySchedules schedules,
      StatusApi<DynamoDBBackupPolicy, DynamoDBBackupPolicyStatus> api,
      ResourceEvents events,
      PolicyMetrics metrics,
      Clock clock,
      TenancyPolicy tenancy,
      Checkpoints checkpoints) {
    this.api = api;
    this.schedules = schedules;
    this.clock = clock;
    this.discovery = new PolicyDiscovery(new PatientCatalog(catalog), schedules, tenancy);
    this.generator = new ScheduleGenerator(schedules, checkpoints);
    this.metrics = metrics;
    this.outcome = new PolicyOutcome(api, events, metrics, clock);
  }

  @Override
  public UpdateControl<DynamoDBBackupPolicy> reconcile(
      DynamoDBBackupPolicy resource, Context<DynamoDBBackupPolicy> context) {
    UpdateControl<DynamoDBBackupPolicy> control = UpdateControl.noUpdate();
    reconcile(resource, context.getSecondaryResources(DynamoDBBackupSchedule.class))
        .ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The reconcile without JOSDK around it, the generated schedules LISTed from the API server. */
  public Optional<Duration> reconcile(DynamoDBBackupPolicy cached) {
    return reconcile(cached, (Set<DynamoDBBackupSchedule>) null);
  }

  /** How soon a reconcile that met a newer version of something it writes comes back. */
  static final Duration CONFLICT_RETRY = Duration.ofSeconds(1);

  /**
   * The reconcile without JOSDK around it; returns when to be woken, if ever. A write that meets a
   * newer version (the policy edited, or a generated schedule written by its own reconciler, while
   * this one ran) is no error: what was done is kept and the policy is reconciled again at once,
   * from what the API server holds then.
   *
   * @param watched the generated schedules as the watch on them holds them, or null to LIST them:
   *     between discoveries a reconcile (woken by each generated schedule's Ready change, thousands
   *     of them as a large policy's schedules start) reads them there instead of listing them
   */
  public Optional<Duration> reconcile(
      DynamoDBBackupPolicy cached, Set<DynamoDBBackupSchedule> watched) {
    try {
      return reconcileOnce(cached, watched);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info(
          "policy {}/{}: a write met a newer version ({}); reconciling again",
          cached.getMetadata().getNamespace(),
          cached.getMetadata().getName(),
          e.getStatus() == null ? "409" : e.getStatus().getMessage());
      return Optional.of(CONFLICT_RETRY);
    }
  }

  private Optional<Duration> reconcileOnce(
      DynamoDBBackupPolicy cached, Set<DynamoDBBackupSchedule> watched) {
    DynamoDBBackupPolicy resource = api.fresh(cached);
    if (resource == null || resource.getMetadata().getDeletionTimestamp() != null) {
      metrics.forget(cached.getMetadata().getNamespace(), cached.getMetadata().getName());
      discovery.forget(cached);
      return Optional.empty(); // its schedules go with it (owner references)
    }
    Instant now = clock.instant();
    PolicySpecValidator.Result validation = PolicySpecValidator.validate(resource);
    if (!validation.valid()) {
      return outcome.invalid(resource, validation.message(), now);
    }
    PolicyStep step =
        PolicyStep.begin(
            resource,
            validation.settings(),
            now,
            own(resource, validation.settings(), now, watched));
    step = discovery.discoverIfDue(step); // the tables listed, only when due; the plan
    Optional<Duration> notLeading = NotLeading.exit(step.failure(), "policy " + step.key());
    if (notLeading.isPresent()) {
      return notLeading;
    }
    step = generator.apply(step); // schedules created, put back, deleted
    return outcome.finish(step); // status, Events, the wake-up at the next discovery
  }

  /**
   * The schedules the policy generated: those the watch holds between discoveries (it may lag the
   * API server by a moment: what is missing from it is checked by a LIST before anything is made
   * again, see PolicyDiscovery), one LIST when the tables are to be listed or there is no watch.
   */
  private List<DynamoDBBackupSchedule> own(
      DynamoDBBackupPolicy resource,
      PolicySettings settings,
      Instant now,
      Set<DynamoDBBackupSchedule> watched) {
    if (watched == null || !PolicyDiscovery.nextDiscovery(resource, settings).isAfter(now)) {
      return schedules.ownedBy(resource);
    }
    return PolicySchedules.ownedBy(resource, watched);
  }

  /**
   * The generated schedules, watched so that a hand edit or deletion reaches the policy at once.
   * Status writes (a backup taken) do not wake it: only a new generation, new metadata or a change
   * of the Ready condition does.
   */
  @Override
  public List<EventSource<?, DynamoDBBackupPolicy>> prepareEventSources(
      EventSourceContext<DynamoDBBackupPolicy> context) {
    var config =
        InformerEventSourceConfiguration.from(
                DynamoDBBackupSchedule.class, DynamoDBBackupPolicy.class)
            .withLabelSelector(DynamoDBBackupPolicy.POLICY_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DynamoDBBackupPolicy.class))
            .withOnUpdateFilter(
                (now, before) ->
                    !Objects.equals(
                            now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                        || !Objects.equals(
                            now.getMetadata().getAnnotations(),
                            before.getMetadata().getAnnotations())
                        || !Objects.equals(readyOf(now), readyOf(before)))
            .build();
    return List.of(new InformerEventSource<>(config, context));
  }

  private static String readyOf(DynamoDBBackupSchedule s) {
    if (s.getStatus() == null) {
      return null;
    }
    var ready = io.ddbbackup.operator.reconciler.Conditions.ready(s.getStatus().getConditions());
    return ready == null ? null : ready.getStatus();
  }
}
