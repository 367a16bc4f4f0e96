package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.retention.ProtectedBackups;
import io.ddbbackup.operator.retention.PruneDecision;
import io.ddbbackup.operator.retention.Retention;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, once a new backup is AVAILABLE: reads the table's backups from the inventory, lets
 * {@link Retention} decide (ownership and every guard live there), deletes what it says, and counts
 * what is left.
 */
final class Pruner {

  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

  private final BackupInventory inventory;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Clock clock;
  private final Checkpoints checkpoints;

  Pruner(
      BackupInventory inventory,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Clock clock,
      Checkpoints checkpoints) {
    this.inventory = inventory;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.checkpoints = checkpoints;
  }

  /**
   * Prunes when a backup became AVAILABLE. A call refused by the rate-limit queue leaves the prune
   * due, for the next reconcile; what was deleted before a failure stays counted.
   */
  Step pruneIfDue(Step step) {
    if (step.stopped() || !step.pruneDue()) {
      return step;
    }
    PruneDecision decision;
    try {
      decision = decide(step);
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
    if (decision.blockedBy() != null) {
      LOG.info("not pruning {}: {}", step.key(), decision.blockedBy());
    }
    List<Backup> victims = decision.blockedBy() == null ? decision.prune() : List.of();
    Deletions done = delete(step, victims);
    if (done.failure() != null) {
      // what was deleted stays counted; the count of what is left waits for the next prune
      return step.with(step.state().with(s -> s.prunedCount += done.deleted()))
          .stoppedBy(done.failure(), clock.instant());
    }
    if (done.deleted() > 0) {
      metrics.backupsPruned(step.metricsKey(), done.deleted());
    }
    List<Backup> kept =
        decision.owned().stream().filter(b -> !done.removed().contains(b.arn())).toList();
    Recovery retained = step.state().recovery().retained(kept, step.now());
    ScheduleState state =
        step.state()
            .with(
                s -> {
                  s.prunedCount += done.deleted();
                  s.backupCount = kept.size();
                  s.recovery = retained;
                });
    return step.with(state).withPruneDue(false);
  }

  private PruneDecision decide(Step step) {
    ScheduleSettings settings = step.settings();
    List<Backup> listed = inventory.backupsOf(settings.target());
    SlotRecord last = step.state().lastBackup();
    return Retention.decide(
        settings.retention(),
        settings.names(),
        settings.tableName(),
        listed,
        settings.cron().zone(),
        step.now(),
        protectedNames(last, step.state().verification()));
  }

  /**
   * The backup the schedule started last (see {@link Retention#decide}), the newest verified
   * backup, the proof that restores work, and the one a drill restores.
   */
  private static Set<String> protectedNames(SlotRecord last, Verification v) {
    return ProtectedBackups.names(
        last == null ? null : last.name(),
        v.lastPassedBackupName(),
        v.drill() == null ? null : v.drill().backupName());
  }

  /**
   * What a round of DeleteBackups did: deleted, the ARNs no longer there (deleted or found gone
   * already), and the failure that ended it.
   */
  private record Deletions(int deleted, Set<String> removed, BackupStoreException failure) {}

  private Deletions delete(Step step, List<Backup> victims) {
    int deleted = 0;
    Set<String> removed = new HashSet<>();
    for (Backup victim : victims) {
      try {
        inventory.store().delete(step.settings().target(), victim.arn());
        checkpoints.reached(Checkpoints.Point.MID_PRUNE);
        deleted++;
        removed.add(victim.arn());
        deleted(step, victim);
      } catch (BackupStoreException e) {
        if (e.failure() == Failure.BACKUP_NOT_FOUND) {
          removed.add(victim.arn());
        } else if (e.failure() == Failure.BACKUP_IN_USE) {
          // DynamoDB is busy with it (e.g. a restore); the next successful backup retries
          LOG.info("backup {} is in use, pruning it later", victim.name());
        } else {
          return new Deletions(deleted, removed, e);
        }
      }
    }
    return new Deletions(deleted, removed, null);
  }

  private void deleted(Step step, Backup victim) {
    LOG.info(
        "pruned backup {} of table {} for {} ({})",
        victim.name(),
        step.settings().tableName(),
        step.key(),
        victim.arn());
    events.normal(
        step.resource(),
        "BackupPruned",
        "Deleted backup %s (%s) by retention".formatted(victim.name(), victim.arn()));
  }
}
