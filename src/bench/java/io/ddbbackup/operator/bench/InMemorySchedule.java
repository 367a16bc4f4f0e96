package io.ddbbackup.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.schedule.ScheduleStatusApi;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;

/**
 * One schedule held in memory instead of on an API server, for the side-by-side run with the
 * Lambda, where only the AWS side is compared: status writes are counted, events dropped.
 */
final class InMemorySchedule extends ScheduleStatusApi {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  volatile DynamoDBBackupSchedule current;
  int writes;

  InMemorySchedule(DynamoDBBackupSchedule initial) {
    super(null);
    this.current = initial;
  }

  @Override
  public DynamoDBBackupSchedule fresh(DynamoDBBackupSchedule resource) {
    return current;
  }

  @Override
  public DynamoDBBackupSchedule writeStatus(
      DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
    if (status.equals(resource.getStatus())) {
      return resource;
    }
    DynamoDBBackupSchedule copy = SERIALIZATION.clone(resource);
    copy.setStatus(SERIALIZATION.clone(status));
    writes++;
    current = copy;
    return copy;
  }

  static ResourceEvents noEvents(Clock clock) {
    return new ResourceEvents(null, clock) {
      @Override
      public void normal(HasMetadata resource, String reason, String message) {}

      @Override
      public void warning(HasMetadata resource, String reason, String message) {}
    };
  }
}
