package io.ddbbackup.operator.retention;

import io.ddbbackup.operator.backup.Backup;
import java.util.List;

/**
 * What retention decided for one schedule's backups.
 *
 * @param owned the schedule's backups that still exist, newest first
 * @param keep the owned backups to leave alone, newest first
 * @param prune the owned backups to delete, oldest first so that an interrupted pruning run has
 *     removed the least valuable ones
 * @param blockedBy null when pruning may proceed; otherwise why nothing is pruned, for the user
 */
public record PruneDecision(
    List<Backup> owned, List<Backup> keep, List<Backup> prune, String blockedBy) {

  public PruneDecision {
    owned = List.copyOf(owned);
    keep = List.copyOf(keep);
    prune = List.copyOf(prune);
  }

  public boolean isBlocked() {
    return blockedBy != null;
  }
}
