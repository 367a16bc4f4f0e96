package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.ExportDrillStatus;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A schedule's status as values: what one reconcile reads, changes and writes. It is read from and
 * written to the resource's status here and nowhere else (times through {@link StatusTimes}). Times
 * are kept to whole seconds, so a value read back equals the value written.
 *
 * @param lastScheduleTime the cron slot last acted on (backed up or skipped)
 * @param nextScheduleTime the next cron slot; null while suspended
 * @param lastBackup the backup last started; null before the first
 * @param backupCount the schedule's backups that exist; null until first counted
 * @param checkedGeneration the spec generation whose table was checked ({@link TableCheck})
 * @param backupNamePrefix the prefix the schedule names and owns its backups by (recorded so that a
 *     schedule keeps the default it started with: BackupName.defaultInUse); null before the first
 *     reconcile of a valid spec
 * @param offsite the chain of exports to S3 ({@link OffsiteExport}); {@link OffsiteChain#NONE}
 *     before the first reconcile with spec.export
 * @param chainDrill the drills of the export chain ({@link ChainDrills}), in
 *     status.verification.export
 */
record ScheduleState(
    Long observedGeneration,
    SlotRecord lastBackup,
    Instant lastScheduleTime,
    Instant nextScheduleTime,
    Instant lastSuccessfulTime,
    String lastManualTrigger,
    long createdCount,
    long prunedCount,
    long missedCount,
    Integer backupCount,
    int consecutiveFailures,
    Verification verification,
    Recovery recovery,
    Long checkedGeneration,
    List<Condition> conditions,
    String backupNamePrefix,
    OffsiteChain offsite,
    ChainDrill chainDrill) {

  ScheduleState {
    lastScheduleTime = StatusTimes.seconds(lastScheduleTime);
    nextScheduleTime = StatusTimes.seconds(nextScheduleTime);
    lastSuccessfulTime = StatusTimes.seconds(lastSuccessfulTime);
    conditions = List.copyOf(conditions);
    offsite = offsite == null ? OffsiteChain.NONE : offsite;
    chainDrill = chainDrill == null ? ChainDrill.NONE : chainDrill;
  }

  /** The state the status holds; an absent status is the state of a schedule never reconciled. */
  static ScheduleState of(DynamoDBBackupScheduleStatus status) {
    DynamoDBBackupScheduleStatus s = status == null ? new DynamoDBBackupScheduleStatus() : status;
    return new ScheduleState(
        s.getObservedGeneration(),
        SlotRecord.of(s.getLastBackupName(), s.getLastBackupArn(), s.getLastBackupStatus()),
        StatusTimes.parse(s.getLastScheduleTime()),
        StatusTimes.parse(s.getNextScheduleTime()),
        StatusTimes.parse(s.getLastSuccessfulTime()),
        s.getLastManualTrigger(),
        orZero(s.getCreatedCount()),
        orZero(s.getPrunedCount()),
        orZero(s.getMissedCount()),
        s.getBackupCount(),
        s.getConsecutiveFailures() == null ? 0 : s.getConsecutiveFailures(),
        Verification.of(s.getVerification()),
        Recovery.of(s.getRecovery()),
        s.getCheckedGeneration(),
        s.getConditions() == null ? List.of() : s.getConditions(),
        s.getBackupNamePrefix(),
        OffsiteChain.of(s.getExport()),
        ChainDrill.of(s.getVerification() == null ? null : s.getVerification().getExport()));
  }

  /** The status to write. */
  DynamoDBBackupScheduleStatus toStatus() {
    DynamoDBBackupScheduleStatus s = new DynamoDBBackupScheduleStatus();
    s.setObservedGeneration(observedGeneration);
    s.setLastScheduleTime(StatusTimes.format(lastScheduleTime));
    s.setNextScheduleTime(StatusTimes.format(nextScheduleTime));
    if (lastBackup != null) {
      s.setLastBackupName(lastBackup.name());
      s.setLastBackupArn(lastBackup.arn());
      s.setLastBackupStatus(lastBackup.phase().statusText());
    }
    s.setLastSuccessfulTime(StatusTimes.format(lastSuccessfulTime));
    s.setBackupCount(backupCount);
    s.setCreatedCount(createdCount);
    s.setPrunedCount(prunedCount);
    s.setMissedCount(missedCount);
    s.setConsecutiveFailures(consecutiveFailures);
    s.setCheckedGeneration(checkedGeneration);
    s.setLastManualTrigger(lastManualTrigger);
    VerificationStatus drills = verification.toStatus();
    ExportDrillStatus chainDrills = chainDrill.toStatus();
    if (chainDrills != null) {
      drills = drills == null ? new VerificationStatus() : drills;
      drills.setExport(chainDrills);
    }
    s.setVerification(drills);
    s.setRecovery(recovery.toStatus());
    s.setConditions(new ArrayList<>(conditions));
    s.setBackupNamePrefix(backupNamePrefix);
    s.setExport(offsite.toStatus());
    return s;
  }

  /** True while a backup is recorded but not settled: its CreateBackup or its creation runs. */
  boolean backupInFlight() {
    return lastBackup != null && lastBackup.inFlight();
  }

  /** A copy with the fields {@code change} sets on it. */
  ScheduleState with(Consumer<Edit> change) {
    Edit edit = new Edit(this);
    change.accept(edit);
    return edit.done();
  }

  /** The fields of a state being changed; see {@link #with}. */
  static final class Edit {
    Long observedGeneration;
    SlotRecord lastBackup;
    Instant lastScheduleTime;
    Instant nextScheduleTime;
    Instant lastSuccessfulTime;
    String lastManualTrigger;
    long createdCount;
    long prunedCount;
    long missedCount;
    Integer backupCount;
    int consecutiveFailures;
    Verification verification;
    Recovery recovery;
    Long checkedGeneration;
    List<Condition> conditions;
    String backupNamePrefix;
    OffsiteChain offsite;
    ChainDrill chainDrill;

    private Edit(ScheduleState from) {
      observedGeneration = from.observedGeneration;
      lastBackup = from.lastBackup;
      lastScheduleTime = from.lastScheduleTime;
      nextScheduleTime = from.nextScheduleTime;
      lastSuccessfulTime = from.lastSuccessfulTime;
      lastManualTrigger = from.lastManualTrigger;
      createdCount = from.createdCount;
      prunedCount = from.prunedCount;
      missedCount = from.missedCount;
      backupCount = from.backupCount;
      consecutiveFailures = from.consecutiveFailures;
      verification = from.verification;
      recovery = from.recovery;
      checkedGeneration = from.checkedGeneration;
      conditions = from.conditions;
      backupNamePrefix = from.backupNamePrefix;
      offsite = from.offsite;
      chainDrill = from.chainDrill;
    }

    private ScheduleState done() {
      return new ScheduleState(
          observedGeneration,
          lastBackup,
          lastScheduleTime,
          nextScheduleTime,
          lastSuccessfulTime,
          lastManualTrigger,
          createdCount,
          prunedCount,
          missedCount,
          backupCount,
          consecutiveFailures,
          verification,
          recovery,
          checkedGeneration,
          conditions,
          backupNamePrefix,
          offsite,
          chainDrill);
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
