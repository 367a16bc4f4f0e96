package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.StatusApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedules on the API server: {@link StatusApi} for DynamoDBBackupSchedule, and the finalizer.
 */
public class ScheduleStatusApi
    extends StatusApi<DynamoDBBackupSchedule, DynamoDBBackupScheduleStatus> {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;

  public ScheduleStatusApi(KubernetesClient client) {
    super(client, DynamoDBBackupSchedule.class);
    this.client = client;
  }

  /** The client, for the DynamoDBRestores of the drills of the export chain. */
  KubernetesClient client() {
    return client;
  }

  /**
   * Adds ({@code present}) or removes the operator's finalizer with a PUT carrying the version we
   * read, so a concurrent change fails with 409 instead of being overwritten; returns the resource
   * as written.
   */
  public DynamoDBBackupSchedule withFinalizer(DynamoDBBackupSchedule resource, boolean present) {
    DynamoDBBackupSchedule copy = SERIALIZATION.clone(resource);
    List<String> finalizers =
        new ArrayList<>(
            copy.getMetadata().getFinalizers() == null
                ? List.of()
                : copy.getMetadata().getFinalizers());
    finalizers.remove(DynamoDBBackupSchedule.FINALIZER);
    if (present) {
      finalizers.add(DynamoDBBackupSchedule.FINALIZER);
    }
    copy.getMetadata().setFinalizers(finalizers);
    return client.resource(copy).update();
  }
}
