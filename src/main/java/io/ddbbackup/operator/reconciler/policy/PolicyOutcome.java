package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.SkippedTable;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.policy.Discovery;
import io.ddbbackup.operator.policy.FleetPlan;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.Wake;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The end of a policy's reconcile: its status, its Events, its next wake-up. */
final class PolicyOutcome {

  /** How soon a failed discovery is tried again. */
  static final Duration RETRY = Duration.ofMinutes(1);

  /** How soon a discovery the client-side quota queued is tried again, when it says no time. */
  static final Duration QUEUED_RETRY = Duration.ofSeconds(1);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final StatusApi<DynamoDBBackupPolicy, DynamoDBBackupPolicyStatus> api;
  private final ResourceEvents events;
  private final PolicyMetrics metrics;
  private final Clock clock;

  PolicyOutcome(
      StatusApi<DynamoDBBackupPolicy, DynamoDBBackupPolicyStatus> api,
      ResourceEvents events,
      PolicyMetrics metrics,
      Clock clock) {
    this.api = api;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * An invalid spec: said once in the status and an Event; nothing else happens until it changes.
   */
  Optional<Duration> invalid(DynamoDBBackupPolicy resource, String message, Instant now) {
    DynamoDBBackupPolicyStatus status = copy(resource.getStatus());
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    Condition before = Conditions.ready(status.getConditions());
    status.setConditions(
        Conditions.withReady(
            status.getConditions(),
            PolicyReason.INVALID_SPEC,
            message,
            resource.getMetadata().getGeneration(),
            now));
    if (before == null || !message.equals(before.getMessage())) {
      events.warning(resource, PolicyReason.INVALID_SPEC.reason(), message);
    }
    api.writeStatus(resource, status);
    return Optional.empty();
  }

  /**
   * The status after a discovery (or its failure), the Events it leaves, and when to come back: the
   * next discovery, or a retry.
   */
  Optional<Duration> finish(PolicyStep step) {
    DynamoDBBackupPolicy resource = step.resource();
    DynamoDBBackupPolicyStatus status = copy(resource.getStatus());
    if (step.failure() != null && step.failure().failure() == Failure.QUEUED) {
      return queued(step, status);
    }
    Instant next = step.failure() != null ? failed(step, status) : discovered(step, status);
    status.setCovered(step.own().size());
    status.setFailing((int) step.own().stream().filter(PolicyOutcome::failing).count());
    status.setOldestRecoveryPoint(oldestPoint(step.own()));
    if (step.failure() == null) {
      status.setConditions(
          Conditions.withReady(
              status.getConditions(),
              PolicyReason.DISCOVERED,
              "%d table(s) matched, %d covered by a generated schedule, %d skipped; next discovery at %s"
                      .formatted(
                          orZero(status.getMatched()),
                          step.own().size(),
                          orZero(status.getSkipped()),
                          status.getNextDiscoveryTime())
                  + tagsNote(status),
              resource.getMetadata().getGeneration(),
              step.now()));
    }
    tell(step);
    api.writeStatus(resource, status);
    observe(resource, status, step.plan() == null ? null : uncovered(step.plan(), step.own()));
    return Optional.of(Wake.delayUntil(clock, next));
  }

  /**
   * Not an AWS answer: a permit of the client-side quota was not free (the generated schedules' own
   * checks, say). No call was made; discovery starts again once one is.
   */
  private Optional<Duration> queued(PolicyStep step, DynamoDBBackupPolicyStatus status) {
    Duration after = step.failure().retryAfter();
    Instant next = step.now().plus(after == null || after.isZero() ? QUEUED_RETRY : after);
    status.setCovered(step.own().size());
    status.setFailing((int) step.own().stream().filter(PolicyOutcome::failing).count());
    api.writeStatus(step.resource(), status);
    observe(step.resource(), status, null);
    return Optional.of(Wake.delayUntil(clock, next));
  }

  /** A failed discovery: Ready says why (an Event when that is new); tried again after RETRY. */
  private Instant failed(PolicyStep step, DynamoDBBackupPolicyStatus status) {
    PolicyReason reason = PolicyReason.ofFailure(step.failure().failure());
    String message = step.failure().getMessage();
    Condition before = Conditions.ready(status.getConditions());
    status.setConditions(
        Conditions.withReady(
            status.getConditions(),
            reason,
            message,
            step.resource().getMetadata().getGeneration(),
            step.now()));
    if (before == null || !message.equals(before.getMessage())) {
      events.warning(step.resource(), reason.reason(), message);
    }
    return step.now().plus(RETRY);
  }

  /** What the discovery found, and when the next one is due. */
  private static Instant discovered(PolicyStep step, DynamoDBBackupPolicyStatus status) {
    if (step.plan() != null) {
      FleetPlan plan = step.plan();
      if (step.discovered()) {
        Discovery.TagSource source = step.tags() == null ? null : step.tags().tagSource();
        status.setTagsReadWith(source == null ? null : source.name());
        status.setObservedGeneration(step.resource().getMetadata().getGeneration());
        status.setLastDiscoveryTime(StatusTimes.format(step.now()));
        status.setLastDiscoverNow(PolicyDiscovery.discoverNow(step.resource()));
      }
      status.setMatched(plan.matched().size());
      status.setSkipped(plan.skipped().size());
      status.setSkippedTables(skipped(plan));
    }
    Instant next =
        status.getLastDiscoveryTime() == null
            ? step.now().plus(RETRY)
            : StatusTimes.parse(status.getLastDiscoveryTime()).plus(step.settings().interval());
    status.setNextDiscoveryTime(StatusTimes.format(next));
    return next;
  }

  /** The Ready message's last sentence while tags are read one table at a time. */
  static String tagsNote(DynamoDBBackupPolicyStatus status) {
    return Discovery.TagSource.ListTagsOfResource.name().equals(status.getTagsReadWith())
        ? "; tags read one table at a time (ListTagsOfResource) because tag:GetResources was"
            + " refused: grant it to the policy's role (config/iam/policy-discovery-policy.json)"
            + " to read them 100 tables a call"
        : "";
  }

  /**
   * The schedules generated, put back or deleted; the matched tables newly skipped; tags newly read
   * one table at a time, with the refusal that made it so.
   */
  private void tell(PolicyStep step) {
    DynamoDBBackupPolicy resource = step.resource();
    Discovery.Result found = step.tags();
    if (found != null
        && found.tagSource() == Discovery.TagSource.ListTagsOfResource
        && (resource.getStatus() == null
            || !found.tagSource().name().equals(resource.getStatus().getTagsReadWith()))) {
      events.warning(
          resource,
          "TagsReadPerTable",
          "tags are read with one ListTagsOfResource per table whose name matches: "
              + found.tagSourceWhy());
    }
    PolicyStep.News news = step.news();
    if (news.any()) {
      events.normal(
          resource,
          "SchedulesGenerated",
          "generated %d schedule(s), put back %d, deleted %d"
              .formatted(news.generated(), news.putBack(), news.deleted()));
    }
    FleetPlan plan = step.plan();
    if (plan != null
        && !plan.skipped().isEmpty()
        && !Objects.equals(skipped(plan), skippedBefore(resource))) {
      events.warning(
          resource,
          "TablesSkipped",
          "%d matched table(s) given no schedule, e.g. %s: %s"
              .formatted(
                  plan.skipped().size(),
                  plan.skipped().get(0).tableName(),
                  plan.skipped().get(0).message()));
    }
  }

  /**
   * Selected tables with no schedule at all: neither one this policy generated nor one that covers
   * it elsewhere (not permitted, or not generated yet).
   */
  private static int uncovered(FleetPlan plan, List<DynamoDBBackupSchedule> own) {
    java.util.Set<String> scheduled = new java.util.HashSet<>();
    for (DynamoDBBackupSchedule s : own) {
      if (s.getSpec() != null) {
        scheduled.add(s.getSpec().getTableName());
      }
    }
    for (FleetPlan.Skip skip : plan.skipped()) {
      if (skip.reason() == FleetPlan.SkipReason.CoveredElsewhere) {
        scheduled.add(skip.tableName());
      }
    }
    return (int) plan.matched().stream().filter(t -> !scheduled.contains(t)).count();
  }

  private void observe(
      DynamoDBBackupPolicy resource, DynamoDBBackupPolicyStatus status, Integer uncovered) {
    metrics.observed(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        new PolicyMetrics.Tables(
            orZero(status.getMatched()),
            orZero(status.getCovered()),
            orZero(status.getSkipped()),
            orZero(status.getFailing()),
            uncovered));
  }

  private static List<SkippedTable> skippedBefore(DynamoDBBackupPolicy resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getSkippedTables();
  }

  private static List<SkippedTable> skipped(FleetPlan plan) {
    List<SkippedTable> listed = new ArrayList<>();
    for (FleetPlan.Skip s : plan.skipped()) {
      if (listed.size() == DynamoDBBackupPolicyStatus.SKIPPED_LISTED) {
        break;
      }
      listed.add(new SkippedTable(s.tableName(), s.reason().name(), s.message()));
    }
    return listed.isEmpty() ? null : listed;
  }

  private static boolean failing(DynamoDBBackupSchedule s) {
    Condition ready =
        s.getStatus() == null ? null : Conditions.ready(s.getStatus().getConditions());
    return ready != null && "False".equals(ready.getStatus());
  }

  /** The oldest of the newest backups; null while a schedule has none. */
  private static String oldestPoint(List<DynamoDBBackupSchedule> own) {
    Instant oldest = null;
    for (DynamoDBBackupSchedule s : own) {
      String last = s.getStatus() == null ? null : s.getStatus().getLastSuccessfulTime();
      if (last == null) {
        return null;
      }
      Instant t = StatusTimes.parse(last);
      oldest = oldest == null || t.isBefore(oldest) ? t : oldest;
    }
    return oldest == null ? null : StatusTimes.format(oldest);
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  private static DynamoDBBackupPolicyStatus copy(DynamoDBBackupPolicyStatus status) {
    return status == null ? new DynamoDBBackupPolicyStatus() : SERIALIZATION.clone(status);
  }
}
