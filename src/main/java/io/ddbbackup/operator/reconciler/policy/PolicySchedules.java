package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The schedules a policy reads and writes on the API server. */
public class PolicySchedules {

  private final KubernetesClient client;
  private final Set<String> namespaces;

  /**
   * @param namespaces the namespaces the operator watches; empty for all of them
   */
  public PolicySchedules(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
  }

  /**
   * Every schedule the operator watches: what may already cover a table. One LIST (one per
   * namespace when it watches only some, which is all its Roles let it read).
   */
  public List<DynamoDBBackupSchedule> all() {
    if (namespaces.isEmpty()) {
      return client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().list().getItems();
    }
    List<DynamoDBBackupSchedule> all = new ArrayList<>();
    for (String namespace : namespaces) {
      all.addAll(
          client.resources(DynamoDBBackupSchedule.class).inNamespace(namespace).list().getItems());
    }
    return all;
  }

  /** The schedules {@code policy} generated: its label, and it as their controlling owner. */
  public List<DynamoDBBackupSchedule> ownedBy(DynamoDBBackupPolicy policy) {
    return ownedBy(
        policy,
        client
            .resources(DynamoDBBackupSchedule.class)
            .inNamespace(policy.getMetadata().getNamespace())
            .withLabel(DynamoDBBackupPolicy.POLICY_LABEL)
            .list()
            .getItems());
  }

  /** Of {@code schedules}, those {@code policy} generated, by name. */
  static List<DynamoDBBackupSchedule> ownedBy(
      DynamoDBBackupPolicy policy, Collection<DynamoDBBackupSchedule> schedules) {
    return schedules.stream()
        .filter(
            s ->
                Objects.equals(s.getMetadata().getNamespace(), policy.getMetadata().getNamespace()))
        .filter(s -> GeneratedSchedule.generatedBy(s).equals(policy.getMetadata().getUid()))
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .toList();
  }

  /**
   * The schedule as the API server would store it, with the CRD's defaults filled in, written
   * nowhere (a dry run): what lets a generated schedule carry the fingerprint of its stored spec
   * from its first write, rather than in a second write that would race its first status write.
   */
  public DynamoDBBackupSchedule asStored(DynamoDBBackupSchedule schedule, boolean exists) {
    var dryRun = client.resource(schedule).dryRun();
    return exists ? dryRun.update() : dryRun.create();
  }

  public DynamoDBBackupSchedule create(DynamoDBBackupSchedule schedule) {
    return client.resource(schedule).create();
  }

  /** A PUT carrying the resourceVersion read: a conflict fails rather than overwrite. */
  public DynamoDBBackupSchedule update(DynamoDBBackupSchedule schedule) {
    return client.resource(schedule).update();
  }

  public void delete(DynamoDBBackupSchedule schedule) {
    client.resource(schedule).delete();
  }
}
