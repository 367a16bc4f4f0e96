package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.policy.CoveringSchedule;
import io.ddbbackup.operator.policy.Discovery;
import io.ddbbackup.operator.policy.FleetPlan;
import io.ddbbackup.operator.policy.FleetRules;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists the tables when it is due, and only then: the first time, once the interval has passed
 * since the last listing, when the spec changed (a new generation), or when the discover-now
 * annotation has a value not acted on yet. The plan is made against every schedule of the cluster.
 */
final class PolicyDiscovery {

  private final TableCatalog catalog;
  private final PolicySchedules schedules;
  private final TenancyPolicy tenancy;

  /** The tables each policy's last listing selected, by policy uid. */
  private final Map<String, List<String>> lastSelected = new ConcurrentHashMap<>();

  /** The names of the schedules each policy's last plan wanted, by policy uid. */
  private final Map<String, Set<String>> lastWanted = new ConcurrentHashMap<>();

  PolicyDiscovery(TableCatalog catalog, PolicySchedules schedules, TenancyPolicy tenancy) {
    this.catalog = catalog;
    this.schedules = schedules;
    this.tenancy = tenancy;
  }

  /**
   * Lists the tables when due. Between listings, when a schedule the last plan wanted is missing,
   * the tables this process listed last are planned against the schedules as they are now, with no
   * call: a generated schedule deleted by hand comes back at once (a restarted process waits for
   * its first listing).
   */
  PolicyStep discoverIfDue(PolicyStep step) {
    String uid = step.resource().getMetadata().getUid();
    if (nextDiscovery(step.resource(), step.settings()).isAfter(step.now())) {
      List<String> known = uid == null ? null : lastSelected.get(uid);
      return known == null ? step : replanIfMissing(step, uid, known);
    }
    Discovery.Result found;
    try {
      found = Discovery.discover(catalog, step.settings().scope(), step.settings().selection());
    } catch (BackupStoreException e) {
      return step.failed(e);
    }
    if (uid != null) {
      lastSelected.put(uid, found.selected());
    }
    return step.discovered(plan(step, found.selected()), found);
  }

  /**
   * Between discoveries: nothing to plan (and no LIST of every schedule) while each schedule the
   * last plan wanted is there, the common case of a reconcile woken by a generated schedule's Ready
   * change. The schedules of the step may come from the watch, which can lag this process's own
   * creates by a moment: a missing one is looked for by a LIST before the plan makes it again.
   */
  private PolicyStep replanIfMissing(PolicyStep step, String uid, List<String> known) {
    if (!missing(step, uid)) {
      return step;
    }
    PolicyStep fresh = step.withOwn(schedules.ownedBy(step.resource()));
    return missing(fresh, uid) ? fresh.replanned(plan(fresh, known)) : fresh;
  }

  private boolean missing(PolicyStep step, String uid) {
    Set<String> wanted = lastWanted.get(uid);
    if (wanted == null) {
      return true;
    }
    Set<String> present = new HashSet<>();
    step.own().forEach(s -> present.add(s.getMetadata().getName()));
    return !present.containsAll(wanted);
  }

  /** The policy is gone: what this process listed for it goes too. */
  void forget(DynamoDBBackupPolicy resource) {
    if (resource.getMetadata().getUid() != null) {
      lastSelected.remove(resource.getMetadata().getUid());
      lastWanted.remove(resource.getMetadata().getUid());
    }
  }

  private FleetPlan plan(PolicyStep step, List<String> selected) {
    var meta = step.resource().getMetadata();
    String namespace = meta.getNamespace();
    String roleArn = step.settings().roleArn();
    FleetPlan plan =
        FleetRules.plan(
            new FleetRules.PolicyRef(
                meta.getUid(),
                namespace,
                meta.getName(),
                step.settings().region(),
                step.settings().account()),
            selected,
            table -> tenancy.check(namespace, table, table, roleArn),
            schedules.all().stream().map(PolicyDiscovery::covering).toList());
    if (meta.getUid() != null) {
      Set<String> wanted = new HashSet<>();
      plan.generate().forEach(g -> wanted.add(g.scheduleName()));
      lastWanted.put(meta.getUid(), wanted);
    }
    return plan;
  }

  /** When the tables are to be listed next: now or earlier when due. */
  static Instant nextDiscovery(DynamoDBBackupPolicy resource, PolicySettings settings) {
    DynamoDBBackupPolicyStatus status = resource.getStatus();
    if (status == null
        || status.getLastDiscoveryTime() == null
        || !Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration())
        || discoverNowPending(resource)) {
      return Instant.MIN;
    }
    return StatusTimes.parse(status.getLastDiscoveryTime()).plus(settings.interval());
  }

  static String discoverNow(DynamoDBBackupPolicy resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(DynamoDBBackupPolicy.DISCOVER_NOW_ANNOTATION);
  }

  private static boolean discoverNowPending(DynamoDBBackupPolicy resource) {
    String value = discoverNow(resource);
    return value != null
        && !value.isBlank()
        && !value.equals(resource.getStatus().getLastDiscoverNow());
  }

  private static CoveringSchedule covering(DynamoDBBackupSchedule s) {
    String table = s.getSpec() == null ? null : s.getSpec().getTableName();
    Optional<TableArn> arn = table == null ? Optional.empty() : TableArn.parse(table);
    String region = s.getSpec() == null ? null : s.getSpec().getRegion();
    String account = arn.map(TableArn::account).orElse(null);
    String roleArn = s.getSpec() == null ? null : s.getSpec().getRoleArn();
    if (account == null && roleArn != null) {
      String[] parts = roleArn.split(":");
      account = parts.length >= 6 && parts[4].matches("\\d{12}") ? parts[4] : null;
    }
    String generatedBy = GeneratedSchedule.generatedBy(s);
    return new CoveringSchedule(
        s.getMetadata().getNamespace(),
        s.getMetadata().getName(),
        arn.map(TableArn::tableName).orElse(table == null ? "" : table),
        region != null ? region : arn.map(TableArn::region).orElse(null),
        account,
        generatedBy.isEmpty() ? null : generatedBy);
  }
}
