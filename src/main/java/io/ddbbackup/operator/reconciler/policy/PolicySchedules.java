package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The schedules a policy reads and writes on the API server. */
public class PolicySchedules {

  private final KubernetesClient client;

  public PolicySchedules(KubernetesClient client) {
    this.client = client;
  }

  /** Every schedule in every namespace: what may already cover a table. One LIST. */
  public List<DynamoDBBackupSchedule> all() {
    return client.resources(DynamoDBBackupSchedule.class).inAnyNamespace().list().getItems();
  }

  /** The schedules {@code policy} generated: its label, and it as their controlling owner. */
  public List<DynamoDBBackupSchedule> ownedBy(DynamoDBBackupPolicy policy) {
    return client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(policy.getMetadata().getNamespace())
        .withLabel(DynamoDBBackupPolicy.POLICY_LABEL)
        .list()
        .getItems()
        .stream()
        .filter(s -> GeneratedSchedule.generatedBy(s).equals(policy.getMetadata().getUid()))
        .toList();
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
