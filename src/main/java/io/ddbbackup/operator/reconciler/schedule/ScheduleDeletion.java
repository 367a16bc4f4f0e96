package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A schedule being deleted: its restore drill is abandoned (the scratch table deleted), the drill
 * of its export chain too (its DynamoDBRestore deleted, which deletes its scratch table), the
 * deletion policy is applied, then the finalizer is removed.
 */
final class ScheduleDeletion {

  private final ScheduleMemory memory;
  private final RestoreDrill drills;
  private final ChainDrills chainDrills;
  private final DeletionPolicyCleanup deletion;
  private final DeletionFinalizer finalizer;
  private final Consumer<DynamoDBBackupSchedule> forget;

  /**
   * @param drills the restore drills; null when the operator runs none
   * @param chainDrills the drills of the export chain; null when the operator runs none
   * @param forget drops what is held for the schedule and its metric series
   */
  ScheduleDeletion(
      ScheduleMemory memory,
      RestoreDrill drills,
      ChainDrills chainDrills,
      DeletionPolicyCleanup deletion,
      DeletionFinalizer finalizer,
      Consumer<DynamoDBBackupSchedule> forget) {
    this.memory = memory;
    this.drills = drills;
    this.chainDrills = chainDrills;
    this.deletion = deletion;
    this.finalizer = finalizer;
    this.forget = forget;
  }

  /** A retry delay while a scratch table, a drill's restore or backups that must go are there. */
  Optional<Duration> cleanup(DynamoDBBackupSchedule resource) {
    if (!DeletionFinalizer.carries(resource)) {
      forget.accept(resource);
      return Optional.empty();
    }
    memory.forget(resource); // nothing held may be written back on the way out
    Optional<Duration> drillLeft = drillsLeft(resource);
    if (drillLeft.isPresent()) {
      return drillLeft;
    }
    Optional<Duration> retry = deletion.apply(resource);
    if (retry.isEmpty()) {
      finalizer.release(resource);
      forget.accept(resource);
    }
    return retry;
  }

  private Optional<Duration> drillsLeft(DynamoDBBackupSchedule resource) {
    SpecValidator.Result validation = SpecValidator.validate(resource);
    if (drills != null && validation.valid()) {
      Optional<Duration> left = drills.abandon(resource, validation.settings());
      if (left.isPresent()) {
        return left;
      }
    }
    return chainDrills == null ? Optional.empty() : chainDrills.abandon(resource);
  }
}
