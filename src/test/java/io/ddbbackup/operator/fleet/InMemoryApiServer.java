package io.ddbbackup.operator.fleet;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.schedule.ScheduleStatusApi;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's side of the schedules, in memory: it holds each schedule as last written, bumps
 * the resourceVersion on every write and counts the writes it receives, so a test judges the
 * operator's writes where they arrive instead of by the operator's own account.
 */
final class InMemoryApiServer extends ScheduleStatusApi {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Map<String, DynamoDBBackupSchedule> schedules = new LinkedHashMap<>();
  private final Map<String, Integer> statusWritesPerBackup = new HashMap<>();
  private long version = 1;
  private int statusWrites;
  private int otherWrites;

  InMemoryApiServer() {
    super(null);
  }

  void create(DynamoDBBackupSchedule schedule) {
    schedule.getMetadata().setResourceVersion(Long.toString(version++));
    schedules.put(schedule.getMetadata().getName(), schedule);
  }

  DynamoDBBackupSchedule get(String name) {
    return schedules.get(name);
  }

  List<String> names() {
    return new ArrayList<>(schedules.keySet());
  }

  @Override
  public DynamoDBBackupSchedule fresh(DynamoDBBackupSchedule resource) {
    return schedules.get(resource.getMetadata().getName());
  }

  @Override
  public DynamoDBBackupSchedule writeStatus(
      DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
    if (status.equals(resource.getStatus())) {
      return resource; // the operator sends nothing then
    }
    DynamoDBBackupSchedule copy = stored(resource);
    copy.setStatus(SERIALIZATION.clone(status));
    statusWrites++;
    if (status.getLastBackupName() != null) {
      statusWritesPerBackup.merge(status.getLastBackupName(), 1, Integer::sum);
    }
    return copy;
  }

  @Override
  public DynamoDBBackupSchedule withFinalizer(DynamoDBBackupSchedule resource, boolean present) {
    DynamoDBBackupSchedule copy = stored(resource);
    List<String> finalizers = new ArrayList<>();
    if (present) {
      finalizers.add(DynamoDBBackupSchedule.FINALIZER);
    }
    copy.getMetadata().setFinalizers(finalizers);
    otherWrites++;
    return copy;
  }

  /** A write: refused on a stale version, as the real one answers 409. */
  private DynamoDBBackupSchedule stored(DynamoDBBackupSchedule resource) {
    DynamoDBBackupSchedule current = schedules.get(resource.getMetadata().getName());
    if (!current
        .getMetadata()
        .getResourceVersion()
        .equals(resource.getMetadata().getResourceVersion())) {
      throw new IllegalStateException(
          "409: stale resourceVersion for " + resource.getMetadata().getName());
    }
    DynamoDBBackupSchedule copy = SERIALIZATION.clone(resource);
    copy.getMetadata().setResourceVersion(Long.toString(version++));
    schedules.put(copy.getMetadata().getName(), copy);
    return copy;
  }

  int statusWrites() {
    return statusWrites;
  }

  /** Writes of anything but the status (the finalizer). */
  int otherWrites() {
    return otherWrites;
  }

  /** Status writes that named this backup: its slot record, and its outcome. */
  Map<String, Integer> statusWritesPerBackup() {
    return Map.copyOf(statusWritesPerBackup);
  }

  void resetCounts() {
    statusWrites = 0;
    otherWrites = 0;
    statusWritesPerBackup.clear();
  }
}
