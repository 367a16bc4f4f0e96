package io.ddbbackup.operator.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an existing table is the one a restore made. The target's name is the only handle a
 * restore has (RestoreTableFromBackup takes no idempotency token), so after a crash the operator
 * must tell its own table from anyone else's before it touches it. Pure.
 */
public final class TargetOwnership {

  /** The tag the operator puts on each table it restores: the restore resource's uid. */
  public static final String OWNER_TAG = "ddbbackup.io/restore-uid";

  /** The tag naming the restore resource, for people. */
  public static final String RESOURCE_TAG = "ddbbackup.io/restore";

  /** The tag the operator puts on each restore drill's scratch table: the schedule's uid. */
  public static final String DRILL_TAG = "ddbbackup.io/drill-of";

  /** Clock skew allowed between our recorded start and DynamoDB's creation time. */
  static final Duration SKEW = Duration.ofMinutes(5);

  private TargetOwnership() {}

  /**
   * What this restore expects of its table.
   *
   * @param sourceBackupArn the backup restored, or null for a point-in-time restore
   * @param sourceTableArn the table restored to a point in time, or null for a backup
   * @param ownerTag the tag whose value names the owner: {@link #OWNER_TAG} for a restore resource,
   *     {@link #DRILL_TAG} for a schedule's restore drill
   * @param ownerUid the owner's uid, the tag's value
   * @param startedAt when the restore was recorded as started; null when it never was
   */
  public record Expected(
      String sourceBackupArn,
      String sourceTableArn,
      String ownerTag,
      String ownerUid,
      Instant startedAt) {

    /** A DynamoDBRestore's expectation: owned through {@link #OWNER_TAG}. */
    public static Expected ofRestore(
        String sourceBackupArn, String sourceTableArn, String uid, Instant startedAt) {
      return new Expected(sourceBackupArn, sourceTableArn, OWNER_TAG, uid, startedAt);
    }
  }

  /**
   * True when {@code table} is this restore's: restored from our source, and either tagged with our
   * uid or, untagged (the tag is written after the restore call and shows late), created after we
   * recorded that we were starting it.
   */
  public static boolean ours(Table table, Map<String, String> tags, Expected expected) {
    if (!fromOurSource(table, expected)) {
      return false;
    }
    String owner = tags.get(expected.ownerTag());
    if (owner != null) {
      return owner.equals(expected.ownerUid());
    }
    return expected.startedAt() != null
        && table.createdAt() != null
        && !table.createdAt().isBefore(expected.startedAt().minus(SKEW));
  }

  /**
   * True when {@code table} is the one a restore from exports imported: tagged with its uid or,
   * untagged (the tag is written once the import completed), created after the import was recorded
   * as started. An imported table has no RestoreSummary to name its source.
   */
  public static boolean imported(
      Table table, Map<String, String> tags, String ownerUid, Instant startedAt) {
    String owner = tags.get(OWNER_TAG);
    if (owner != null) {
      return owner.equals(ownerUid);
    }
    return table.restore() == null
        && startedAt != null
        && table.createdAt() != null
        && !table.createdAt().isBefore(startedAt.minus(SKEW));
  }

  /** True when the table's RestoreSummary names our source. */
  public static boolean fromOurSource(Table table, Expected expected) {
    Table.RestoreSummary restore = table.restore();
    if (restore == null) {
      return false;
    }
    return expected.sourceBackupArn() != null
        ? Objects.equals(expected.sourceBackupArn(), restore.sourceBackupArn())
        : restore.sourceBackupArn() == null
            && Objects.equals(expected.sourceTableArn(), restore.sourceTableArn());
  }
}
