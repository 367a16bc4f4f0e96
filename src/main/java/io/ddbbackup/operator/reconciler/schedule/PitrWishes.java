package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.PrefixClaim;
import io.ddbbackup.operator.backup.TableArn;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Two schedules that manage the point-in-time recovery of one table and ask for different things
 * would undo each other at every check, each with an Event saying the other drifted. Instead both
 * report the conflict, naming the other schedule and the fix, and neither changes the table until
 * their specs agree or one lets go.
 */
final class PitrWishes {

  /** How soon a schedule in conflict looks again: the other may change without this one hearing. */
  static final Duration RECHECK = Duration.ofMinutes(1);

  /** The informer cache's index of the schedules that manage PITR, by table name. */
  static final String INDEX = "pitr-table";

  private PitrWishes() {}

  /** The index key of a schedule: its table's name when it manages PITR, else none. */
  static List<String> indexKeys(DynamoDBBackupSchedule resource) {
    var spec = resource.getSpec();
    if (spec == null
        || spec.getPointInTimeRecovery() == null
        || spec.getTableName() == null
        || spec.getTableName().isBlank()) {
      return List.of();
    }
    return List.of(TableArn.nameOf(spec.getTableName()));
  }

  /** The schedules {@code cache} files under this one's table (this one included). */
  static List<DynamoDBBackupSchedule> among(
      DynamoDBBackupSchedule resource, IndexedResourceCache<DynamoDBBackupSchedule> cache) {
    return indexKeys(resource).stream().flatMap(k -> cache.byIndex(INDEX, k).stream()).toList();
  }

  /**
   * Why this schedule must leave its table's PITR alone, naming the other schedule and the fix;
   * empty when no other schedule of the same table asks for something else.
   */
  static Optional<String> conflict(
      DynamoDBBackupSchedule resource,
      ScheduleSettings settings,
      List<DynamoDBBackupSchedule> others) {
    PitrSettings mine = settings.pitr();
    String self = key(resource);
    List<DynamoDBBackupSchedule> rest =
        mine == null ? List.of() : others.stream().filter(o -> !key(o).equals(self)).toList();
    if (rest.isEmpty()) {
      return Optional.empty(); // the usual case: nothing to check the spec of again
    }
    PrefixClaim table = SpecValidator.claim(resource, settings.target(), settings.names());
    return rest.stream()
        .sorted(Comparator.comparing(PitrWishes::key))
        .map(other -> clash(table, mine, other))
        .flatMap(Optional::stream)
        .findFirst()
        .map(
            other ->
                ("schedule %s also manages point-in-time recovery of table %s and asks for it"
                        + " %s; this one asks for %s. Neither changes it until both say the same"
                        + " spec.pointInTimeRecovery, or one of them leaves it out")
                    .formatted(other.owner(), settings.tableName(), other.wish(), mine.describe()));
  }

  private record Other(String owner, String wish) {}

  private static Optional<Other> clash(
      PrefixClaim table, PitrSettings mine, DynamoDBBackupSchedule other) {
    SpecValidator.Result validation = SpecValidator.validate(other);
    if (!validation.valid() || validation.settings().pitr() == null) {
      return Optional.empty();
    }
    ScheduleSettings its = validation.settings();
    PrefixClaim theirs = SpecValidator.claim(other, its.target(), its.names());
    PitrSettings wish = its.pitr();
    boolean same =
        wish.enabled() == mine.enabled()
            && Objects.equals(wish.recoveryPeriodInDays(), mine.recoveryPeriodInDays());
    return table.sameTableAs(theirs) && !same
        ? Optional.of(new Other(theirs.owner(), wish.describe()))
        : Optional.empty();
  }

  private static String key(DynamoDBBackupSchedule s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }
}
