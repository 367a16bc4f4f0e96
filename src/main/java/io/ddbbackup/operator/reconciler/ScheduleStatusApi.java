package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedules on the API server: a fresh read, status writes and the finalizer. Status is written
 * with PUT on the status subresource carrying the resourceVersion we read, so two operator
 * instances (or a stale cache) can never both record the same slot: the second write fails with 409
 * before any CreateBackup.
 */
public class ScheduleStatusApi {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;

  public ScheduleStatusApi(KubernetesClient client) {
    this.client = client;
  }

  /** The schedule as the API server has it now, or null when it is gone. */
  public DynamoDBBackupSchedule fresh(DynamoDBBackupSchedule resource) {
    return client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .get();
  }

  /** Writes {@code status} unless it equals what the resource already has. */
  public DynamoDBBackupSchedule writeStatus(
      DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
    if (status.equals(resource.getStatus())) {
      return resource;
    }
    DynamoDBBackupSchedule copy = SERIALIZATION.clone(resource);
    copy.setStatus(SERIALIZATION.clone(status));
    return client.resource(copy).updateStatus();
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
