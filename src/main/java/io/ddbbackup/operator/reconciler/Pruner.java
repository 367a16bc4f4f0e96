package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.retention.PruneDecision;
import io.ddbbackup.operator.retention.Retention;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, once a new backup is AVAILABLE: lists the table's backups, lets {@link Retention}
 * decide (ownership and every guard live there), deletes what it says, and counts what is left.
 */
final class Pruner {

  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

  private final BackupStore store;
  private final ScheduleEvents events;
  private final ScheduleMetrics metrics;
  private final Clock clock;

  Pruner(BackupStore store, ScheduleEvents events, ScheduleMetrics metrics, Clock clock) {
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Prunes when a backup became AVAILABLE. A call refused by the rate-limit queue leaves the prune
   * due, for the next reconcile; what was deleted before a failure stays counted.
   */
  Step pruneIfDue(Step step) {
    if (step.stopped() || !step.pruneDue()) {
      return step;
    }
    ScheduleSettings settings = step.settings();
    PruneDecision decision;
    try {
      List<Backup> listed = store.list(settings.target(), null, null);
      decision =
          Retention.decide(
              settings.retention(),
              settings.names(),
              settings.tableName(),
              listed,
              settings.cron().zone(),
              step.now());
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
    int remaining = decision.owned().size();
    int pruned = 0;
    if (decision.blockedBy() != null) {
      LOG.info("not pruning {}: {}", step.key(), decision.blockedBy());
    }
    for (Backup victim : decision.blockedBy() == null ? decision.prune() : List.<Backup>of()) {
      try {
        store.delete(settings.target(), victim.arn());
        CrashPoints.reached(CrashPoints.MID_PRUNE);
        remaining--;
        pruned++;
        deleted(step, victim);
      } catch (BackupStoreException e) {
        if (e.failure() == Failure.BACKUP_NOT_FOUND) {
          remaining--;
        } else if (e.failure() == Failure.BACKUP_IN_USE) {
          // DynamoDB is busy with it (e.g. a restore); the next successful backup retries
          LOG.info("backup {} is in use, pruning it later", victim.name());
        } else {
          int done = pruned;
          return step.with(step.state().with(s -> s.prunedCount += done))
              .stoppedBy(e, clock.instant());
        }
      }
    }
    if (pruned > 0) {
      metrics.backupsPruned(step.metricsKey(), pruned);
    }
    int done = pruned;
    int left = remaining;
    ScheduleState state =
        step.state()
            .with(
                s -> {
                  s.prunedCount += done;
                  s.backupCount = left;
                });
    return step.with(state).withPruneDue(false);
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
