package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.PrefixClaim;
import io.ddbbackup.operator.text.UserText;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a schedule whose prefix another, older schedule already names the same table's backups
 * with ({@link PrefixClaim}): the two would adopt and prune each other's backups, and their slots
 * at one instant would be one backup. Only the younger is refused, so a working schedule never
 * stops because another one appeared.
 */
final class SharedPrefix {

  /** How soon a refused schedule looks again: the other may have gone or changed its prefix. */
  static final Duration RECHECK = Duration.ofMinutes(1);

  /**
   * The informer cache's index of schedules by backup name prefix: a reconcile looks only at the
   * schedules that share its prefix, not at the whole fleet (10,000 schedules each scanning all the
   * others made a first start quadratic).
   */
  static final String INDEX = "backup-name-prefix";

  private SharedPrefix() {}

  /** The index key of a schedule: its prefix, or none when its spec names no usable one. */
  static List<String> indexKeys(DynamoDBBackupSchedule resource) {
    return SpecValidator.claim(resource).map(c -> List.of(c.prefix())).orElse(List.of());
  }

  /** The schedules {@code cache} files under this one's prefix (this one included). */
  static List<DynamoDBBackupSchedule> among(
      DynamoDBBackupSchedule resource, IndexedResourceCache<DynamoDBBackupSchedule> cache) {
    List<DynamoDBBackupSchedule> same = new ArrayList<>();
    for (String key : indexKeys(resource)) {
      same.addAll(cache.byIndex(INDEX, key));
    }
    return same;
  }

  /** Why this schedule may not use its prefix, naming the field and the fix; empty if it may. */
  static Optional<String> check(
      DynamoDBBackupSchedule resource,
      ScheduleSettings settings,
      List<DynamoDBBackupSchedule> others) {
    String prefix = settings.names().prefix();
    PrefixClaim mine = SpecValidator.claim(resource, settings.target(), settings.names());
    List<PrefixClaim> claims =
        others.stream()
            .map(SpecValidator::claim)
            .flatMap(Optional::stream)
            .filter(c -> c.prefix().equals(prefix))
            .toList();
    return mine.yieldsTo(claims).map(first -> message(resource, settings, first));
  }

  private static String message(
      DynamoDBBackupSchedule resource, ScheduleSettings settings, PrefixClaim first) {
    var meta = resource.getMetadata();
    boolean fromSpec = resource.getSpec().getBackupNamePrefix() != null;
    String whose = fromSpec ? "spec.backupNamePrefix" : "the earlier default backup name prefix";
    String prefix = settings.names().prefix();
    String ownDefault = BackupName.defaultFor(meta.getNamespace(), meta.getName()).prefix();
    String example = ownDefault.equals(prefix) ? "" : " (e.g. \"%s\")".formatted(ownDefault);
    return ("%s %s is also the prefix of schedule %s on table %s, which was there first; two"
            + " schedules with one prefix adopt and prune each other's backups. A prefix cannot"
            + " be changed in place: recreate this schedule with a spec.backupNamePrefix no other"
            + " schedule of this table uses%s")
        .formatted(whose, UserText.quoted(prefix), first.owner(), settings.tableName(), example);
  }
}
