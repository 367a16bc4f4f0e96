package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestoreStatus;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A restore's status as values: read from and written to the resource's status here and nowhere
 * else. Times are kept to whole seconds, so a value read back equals the value written.
 *
 * @param source the source in a few words (the SOURCE column)
 * @param startTime when the restore was recorded as started, just before the restore call
 * @param export a restore from the export chain as far as it got; null for any other source
 */
record RestoreState(
    Long observedGeneration,
    RestorePhase phase,
    String source,
    String sourceBackupArn,
    String sourceBackupName,
    String sourceTableArn,
    Instant restoredTo,
    String restoredTableArn,
    Instant startTime,
    Instant completionTime,
    Long durationSeconds,
    Long restoredItemCount,
    Long restoredTableSizeBytes,
    int consecutiveFailures,
    ExportProgress export,
    List<Condition> conditions) {

  RestoreState {
    restoredTo = StatusTimes.seconds(restoredTo);
    startTime = StatusTimes.seconds(startTime);
    completionTime = StatusTimes.seconds(completionTime);
    conditions = List.copyOf(conditions);
  }

  static RestoreState of(DynamoDBRestoreStatus status) {
    DynamoDBRestoreStatus s = status == null ? new DynamoDBRestoreStatus() : status;
    return new RestoreState(
        s.getObservedGeneration(),
        RestorePhase.of(s.getPhase()),
        s.getSource(),
        s.getSourceBackupArn(),
        s.getSourceBackupName(),
        s.getSourceTableArn(),
        StatusTimes.parse(s.getRestoredTo()),
        s.getRestoredTableArn(),
        StatusTimes.parse(s.getStartTime()),
        StatusTimes.parse(s.getCompletionTime()),
        s.getDurationSeconds(),
        s.getRestoredItemCount(),
        s.getRestoredTableSizeBytes(),
        s.getConsecutiveFailures() == null ? 0 : s.getConsecutiveFailures(),
        ExportProgress.of(s.getExport()),
        s.getConditions() == null ? List.of() : s.getConditions());
  }

  DynamoDBRestoreStatus toStatus() {
    DynamoDBRestoreStatus s = new DynamoDBRestoreStatus();
    s.setObservedGeneration(observedGeneration);
    s.setPhase(phase.name());
    s.setSource(source);
    s.setSourceBackupArn(sourceBackupArn);
    s.setSourceBackupName(sourceBackupName);
    s.setSourceTableArn(sourceTableArn);
    s.setRestoredTo(StatusTimes.format(restoredTo));
    s.setRestoredTableArn(restoredTableArn);
    s.setStartTime(StatusTimes.format(startTime));
    s.setCompletionTime(StatusTimes.format(completionTime));
    s.setDurationSeconds(durationSeconds);
    s.setRestoredItemCount(restoredItemCount);
    s.setRestoredTableSizeBytes(restoredTableSizeBytes);
    s.setConsecutiveFailures(consecutiveFailures);
    s.setExport(export == null ? null : export.toStatus());
    s.setConditions(new ArrayList<>(conditions));
    return s;
  }

  /** True once the source is chosen: it never changes afterwards. */
  boolean sourceResolved() {
    return sourceBackupArn != null || sourceTableArn != null;
  }

  /** A copy with the fields {@code change} sets on it. */
  RestoreState with(Consumer<Edit> change) {
    Edit edit = new Edit(this);
    change.accept(edit);
    return edit.done();
  }

  /** The fields of a state being changed; see {@link #with}. */
  static final class Edit {
    Long observedGeneration;
    RestorePhase phase;
    String source;
    String sourceBackupArn;
    String sourceBackupName;
    String sourceTableArn;
    Instant restoredTo;
    String restoredTableArn;
    Instant startTime;
    Instant completionTime;
    Long durationSeconds;
    Long restoredItemCount;
    Long restoredTableSizeBytes;
    int consecutiveFailures;
    ExportProgress export;
    List<Condition> conditions;

    private Edit(RestoreState from) {
      observedGeneration = from.observedGeneration;
      phase = from.phase;
      source = from.source;
      sourceBackupArn = from.sourceBackupArn;
      sourceBackupName = from.sourceBackupName;
      sourceTableArn = from.sourceTableArn;
      restoredTo = from.restoredTo;
      restoredTableArn = from.restoredTableArn;
      startTime = from.startTime;
      completionTime = from.completionTime;
      durationSeconds = from.durationSeconds;
      restoredItemCount = from.restoredItemCount;
      restoredTableSizeBytes = from.restoredTableSizeBytes;
      consecutiveFailures = from.consecutiveFailures;
      export = from.export;
      conditions = from.conditions;
    }

    private RestoreState done() {
      return new RestoreState(
          observedGeneration,
          phase,
          source,
          sourceBackupArn,
          sourceBackupName,
          sourceTableArn,
          restoredTo,
          restoredTableArn,
          startTime,
          completionTime,
          durationSeconds,
          restoredItemCount,
          restoredTableSizeBytes,
          consecutiveFailures,
          export,
          conditions);
    }
  }
}
