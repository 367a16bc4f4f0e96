package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.schedule.ScheduleStatusApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The real status writer, counting the writes it actually sends (an unchanged status is not sent)
 * and remembering which backups reached AVAILABLE in status, which is when a slot is done.
 */
final class CountingResources extends ScheduleStatusApi {

  private final LongAdder writes = new LongAdder();
  private final Set<String> available = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> writesPerBackup = new ConcurrentHashMap<>();

  CountingResources(KubernetesClient client) {
    super(client);
  }

  @Override
  public DynamoDBBackupSchedule writeStatus(
      DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
    DynamoDBBackupSchedule written = super.writeStatus(resource, status);
    if (written != resource) {
      writes.increment();
      String backup = status.getLastBackupName();
      if (backup != null) {
        writesPerBackup.computeIfAbsent(backup, b -> new LongAdder()).increment();
        if ("AVAILABLE".equals(status.getLastBackupStatus())) {
          available.add(backup);
        }
      }
    }
    return written;
  }

  long writes() {
    return writes.sum();
  }

  /** Backups (by name) whose AVAILABLE state has been written to their schedule's status. */
  Set<String> available() {
    return available;
  }

  /** Status writes that carried this backup's name: its slot record, progress and outcome. */
  Map<String, LongAdder> writesPerBackup() {
    return writesPerBackup;
  }

  void reset() {
    writes.reset();
    available.clear();
    writesPerBackup.clear();
  }
}
