package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;
import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The restores on the API server: {@link StatusApi} for DynamoDBRestore. */
public class RestoreStatusApi extends StatusApi<DynamoDBRestore, DynamoDBRestoreStatus> {

  public RestoreStatusApi(KubernetesClient client) {
    super(client, DynamoDBRestore.class);
  }
}
