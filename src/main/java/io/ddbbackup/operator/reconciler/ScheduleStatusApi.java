package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The schedules on the API server: {@link StatusApi} for DynamoDBBackupSchedule. */
public class ScheduleStatusApi
    extends StatusApi<DynamoDBBackupSchedule, DynamoDBBackupScheduleStatus> {

  public ScheduleStatusApi(KubernetesClient client) {
    super(client, DynamoDBBackupSchedule.class);
  }
}
