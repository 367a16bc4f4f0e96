package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.reconciler.schedule.ScheduleStatusApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
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
  // "<schedule> <gapFreeThrough>" -> when a status carrying it was first written
  private final Map<String, Instant> offsitePointWritten = new ConcurrentHashMap<>();

  CountingResources(KubernetesClient client) {
    super(client);
  }

  @Override
  public DynamoDBBackupSchedule writeStatus(
      DynamoDBBackupSchedule resource, DynamoDBBackupScheduleStatus status) {
    DynamoDBBackupSchedule written = super.writeStatus(resource, status);
    if (written != resource) {
      writes.increment();
      if (status.getExport() != null && status.getExport().getGapFreeThrough() != null) {
        offsitePointWritten.putIfAbsent(
            resource.getMetadata().getName()
                + " "
                + java.time.OffsetDateTime.parse(status.getExport().getGapFreeThrough())
                    .toInstant(),
            Instant.now());
      }
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

  /**
   * When a status write first carried {@code gapFreeThrough} for {@code schedule}, or null: the
   * off-site point recorded in status.
   */
  Instant offsitePointWritten(String schedule, Instant gapFreeThrough) {
    return offsitePointWritten.get(schedule + " " + gapFreeThrough);
  }

  void reset() {
    writes.reset();
    available.clear();
    writesPerBackup.clear();
  }
}
