package io.ddbbackup.operator.inventory;

import io.ddbbackup.operator.backup.Backup;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The backups one naming rule owns on one table, as the inventory knows them: what a restore, a
 * restore drill or the recovery posture reads instead of listing the table again.
 *
 * @param newestFirst the owned backups that exist, newest first, each with its status and size
 */
public record OwnedBackups(List<Backup> newestFirst) {

  public OwnedBackups {
    newestFirst = List.copyOf(newestFirst);
  }

  /** The newest AVAILABLE one, the one a restore "from the schedule" starts from. */
  public Optional<Backup> newestAvailable() {
    return newestAvailable(b -> true);
  }

  /** The newest AVAILABLE one {@code accept} takes, e.g. the newest not verified yet. */
  public Optional<Backup> newestAvailable(Predicate<Backup> accept) {
    return newestFirst.stream().filter(Backup::isAvailable).filter(accept).findFirst();
  }

  /** The sum of the sizes DynamoDB reported; a backup whose size is not reported yet adds 0. */
  public long retainedBytes() {
    return newestFirst.stream().mapToLong(b -> Math.max(0, b.sizeBytes())).sum();
  }

  /** How many there are. */
  public int count() {
    return newestFirst.size();
  }
}
