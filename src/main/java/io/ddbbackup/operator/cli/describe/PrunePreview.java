package io.ddbbackup.operator.cli.describe;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.reconciler.schedule.ScheduleSettings;
import io.ddbbackup.operator.retention.ProtectedBackups;
import io.ddbbackup.operator.retention.PruneDecision;
import io.ddbbackup.operator.retention.Retention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What retention will do at the schedule's next run, computed by the operator's own {@link
 * Retention#decide} over what DynamoDB lists now (ListBackups only: nothing is changed). The next
 * run adds one backup and prunes once it is AVAILABLE, so the preview decides as of the next slot
 * (or now, for a suspended schedule, whose next backup is a manual one) with that backup added,
 * protected as the pruner protects the backup it just started.
 *
 * @param runAt when the run is expected (the next slot, or now when suspended)
 * @param nextBackup the name the next run's backup will bear
 * @param blockedBy why nothing will be pruned, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrunePreview(String runAt, String nextBackup, String blockedBy, List<Entry> backups) {

  /**
   * One backup the schedule owns.
   *
   * @param action {@code delete} or {@code keep}
   * @param keptBy the rules that keep it (empty when deleted)
   */
  public record Entry(
      String name,
      String arn,
      String createdAt,
      String status,
      String action,
      List<String> keptBy) {}

  /** ARN of the backup the next run will make, which does not exist yet. */
  static final String NEXT = "(next run)";

  public static PrunePreview of(
      ScheduleSettings settings,
      DynamoDBBackupScheduleStatus status,
      BackupStore store,
      Instant now) {
    Instant runAt = settings.suspend() ? now : settings.cron().nextAfter(now).orElse(now);
    // a suspended schedule's next backup is a manual one, named by the second it starts
    String nextName =
        settings.suspend()
            ? settings.names().forManual(runAt, status == null ? null : status.getLastBackupName())
            : settings.names().forSlot(runAt);
    List<Backup> listed = new ArrayList<>(store.list(settings.target(), null, null));
    listed.add(
        new Backup(
            NEXT,
            nextName,
            settings.tableName(),
            runAt,
            BackupStatus.AVAILABLE,
            BackupType.USER,
            -1));
    VerificationStatus v = status == null ? null : status.getVerification();
    Set<String> protectedNames =
        ProtectedBackups.names(
            nextName,
            v == null ? null : v.getLastPassedBackupName(),
            v == null || v.getDrill() == null ? null : v.getDrill().getBackupName());
    PruneDecision decision =
        Retention.decide(
            settings.retention(),
            settings.names(),
            settings.tableName(),
            listed,
            settings.cron().zone(),
            runAt,
            protectedNames);
    List<Entry> entries = new ArrayList<>();
    for (Backup b : decision.owned()) {
      boolean delete = decision.blockedBy() == null && decision.prune().contains(b);
      entries.add(
          new Entry(
              b.name(),
              b.arn(),
              b.createdAt().toString(),
              b.status().name(),
              delete ? "delete" : "keep",
              decision.keptBy(b)));
    }
    return new PrunePreview(runAt.toString(), nextName, decision.blockedBy(), entries);
  }

  /** The names the next run deletes, newest first (as listed). */
  public List<String> deletions() {
    return backups.stream().filter(e -> e.action().equals("delete")).map(Entry::name).toList();
  }
}
