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
import java.time.Instant;
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
  private final ScheduleMemory memory;

  Pruner(
      BackupInventory inventory,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Clock clock,
      Checkpoints checkpoints,
      ScheduleMemory memory) {
    this.memory = memory;
    this.inventory = inventory;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.checkpoints = checkpoints;
  }

  /**
   * Prunes when a backup became AVAILABLE, or when a prune is owed. Before anything is deleted, the
   * table's backups are listed (one ListBackups of the table): retention keeps its promise against
   * what exists, not against an inventory that has not seen a backup deleted by hand.
   *
   * <p>A prune that has to wait for its turn in our rate-limit queue does not hold the backup's
   * outcome back: the outcome is written now and the prune is owed, run when the queue allows, and
   * what it finds goes with the next status write that happens anyway. So a herd's backups show
   * AVAILABLE as fast as they are followed and still cost two writes each. A failure (not a wait)
   * stops the reconcile; what was deleted before it stays counted.
   */
  Step pruneIfDue(Step step) {
    if (step.stopped()) {
      return step;
    }
    ScheduleMemory.Held held = memory.of(step.resource());
    if (step.pruneDue()) {
      held.pruneOwed = null;
      return prune(step, false);
    }
    ScheduleMemory.PruneOwed owed = held.pruneOwed;
    if (owed == null) {
      return step;
    }
    SlotRecord last = step.state().lastBackup();
    if (last == null
        || !owed.backupName().equals(last.name())
        || last.phase() != BackupPhase.AVAILABLE) {
      held.pruneOwed = null; // a newer backup came: its prune covers this one's
      return step;
    }
    if (step.now().isBefore(owed.notBefore())) {
      return step.wakeBy(owed.notBefore()); // not in the reconcile that found the queue long
    }
    return prune(step, true);
  }

  private Step prune(Step step, boolean owed) {
    PruneDecision decision;
    try {
      decision = decision(step);
    } catch (BackupStoreException e) {
      return notNow(step, owed, 0, e);
    }
    if (decision.blockedBy() != null) {
      LOG.info("not pruning {}: {}", step.key(), decision.blockedBy());
    }
    List<Backup> victims = decision.blockedBy() == null ? decision.prune() : List.of();
    Deletions done = delete(step, victims);
    if (done.failure() != null) {
      return notNow(step, owed, done.deleted(), done.failure());
    }
    if (done.deleted() > 0) {
      metrics.backupsPruned(step.metricsKey(), done.deleted());
    }
    List<Backup> kept =
        decision.owned().stream().filter(b -> !done.removed().contains(b.arn())).toList();
    ScheduleMemory.Held held = memory.of(step.resource());
    long prunedTotal = prunedBefore(step, held) + done.deleted();
    if (owed) {
      // nothing a user must see at once: it goes with the next write (StatusRecorder)
      held.pruneOwed = null;
      held.pruneFinding = new ScheduleMemory.PruneFinding(prunedTotal, kept, step.now());
      return step;
    }
    held.pruneFinding = null; // superseded by this prune, which is written
    Recovery retained = step.state().recovery().retained(kept, step.now());
    ScheduleState state =
        step.state()
            .with(
                s -> {
                  s.prunedCount = prunedTotal;
                  s.backupCount = kept.size();
                  s.recovery = retained;
                });
    return step.with(state).withPruneDue(false);
  }

  /**
   * What the retention deletes, from the inventory; a prune that would delete anything decides
   * again from a fresh listing of the table, so that only backups that exist count as kept.
   */
  private PruneDecision decision(Step step) {
    PruneDecision decision = decide(step, inventory.backupsOf(step.settings().target()));
    if (decision.blockedBy() == null && !decision.prune().isEmpty()) {
      decision = decide(step, inventory.confirmedBackupsOf(step.settings().target()));
    }
    return decision;
  }

  /**
   * A prune that could not finish: waiting for its turn (the outcome is written, the prune owed) or
   * failed (the reconcile stops; the prune after the next backup tries again).
   */
  private Step notNow(Step step, boolean owed, int deleted, BackupStoreException e) {
    ScheduleMemory.Held held = memory.of(step.resource());
    long prunedTotal = prunedBefore(step, held) + deleted;
    if (e.failure() == Failure.QUEUED) {
      SlotRecord last = step.state().lastBackup();
      Instant retry = clock.instant().plus(e.retryAfter());
      held.pruneOwed = last == null ? null : new ScheduleMemory.PruneOwed(last.name(), retry);
      Step waiting = step.withPruneDue(false).wakeBy(retry);
      if (owed) {
        if (deleted > 0) {
          // counted now; what is left is counted when the owed prune finishes
          held.pruneFinding = new ScheduleMemory.PruneFinding(prunedTotal, null, step.now());
        }
        return waiting;
      }
      held.pruneFinding = null;
      return waiting.with(waiting.state().with(s -> s.prunedCount = prunedTotal));
    }
    held.pruneOwed = null;
    held.pruneFinding = null;
    // what was deleted stays counted; the count of what is left waits for the next prune
    return step.with(step.state().with(s -> s.prunedCount = prunedTotal))
        .stoppedBy(e, clock.instant());
  }

  /** The schedule's prunedCount before this prune: the status's, or an owed prune's, if newer. */
  private static long prunedBefore(Step step, ScheduleMemory.Held held) {
    ScheduleMemory.PruneFinding f = held.pruneFinding;
    return f == null
        ? step.state().prunedCount()
        : Math.max(step.state().prunedCount(), f.prunedTotal());
  }

  private PruneDecision decide(Step step, List<Backup> listed) {
    ScheduleSettings settings = step.settings();
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
