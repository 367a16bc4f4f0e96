package io.ddbbackup.operator.retention;

import io.ddbbackup.operator.backup.Backup;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What retention decided for one schedule's backups.
 *
 * @param owned the schedule's backups that still exist, newest first
 * @param keep the owned backups to leave alone, newest first
 * @param prune the owned backups to delete, oldest first so that an interrupted pruning run has
 *     removed the least valuable ones
 * @param blockedBy null when pruning may proceed; otherwise why nothing is pruned, for the user
 * @param keptBy for each kept backup's ARN, the rules that keep it (e.g. {@code keepLast 7}, {@code
 *     keepDaily 7}, {@code newest AVAILABLE}), in the order they were applied; empty when pruning
 *     is blocked
 */
public record PruneDecision(
    List<Backup> owned,
    List<Backup> keep,
    List<Backup> prune,
    String blockedBy,
    Map<String, List<String>> keptBy) {

  public PruneDecision {
    owned = List.copyOf(owned);
    keep = List.copyOf(keep);
    prune = List.copyOf(prune);
    keptBy = Collections.unmodifiableMap(new LinkedHashMap<>(keptBy));
  }

  /** The rules that keep {@code backup}; empty when it is pruned or pruning is blocked. */
  public List<String> keptBy(Backup backup) {
    return keptBy.getOrDefault(backup.arn(), List.of());
  }

  public boolean isBlocked() {
    return blockedBy != null;
  }
}
