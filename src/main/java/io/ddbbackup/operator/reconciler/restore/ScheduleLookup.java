package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Finds the DynamoDBBackupSchedule a restore's source names, in the restore's namespace. */
public interface ScheduleLookup {

  Optional<DynamoDBBackupSchedule> find(String namespace, String name);

  /** Reads it from the API server. */
  static ScheduleLookup of(KubernetesClient client) {
    return (namespace, name) ->
        Optional.ofNullable(
            client
                .resources(DynamoDBBackupSchedule.class)
                .inNamespace(namespace)
                .withName(name)
                .get());
  }
}
