package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one restore into a named table, in two halves around the caller's status write: {@link #look}
 * before it (absent, ours to adopt, or someone else's never to touch), {@link #make} after it.
 * DynamoDB's restore calls take no idempotency token, so every restore of this operator, a
 * DynamoDBRestore's or a schedule's drill, goes through here.
 */
public final class RestoreTarget {

  private RestoreTarget() {}

  /** Where the target stands before a restore call. */
  public enum Standing {
    /** No such table: restore. */
    ABSENT,
    /** This owner's table, made by an earlier attempt: adopt it. */
    OURS,
    /** Someone else's table: never write, tag or delete it. */
    TAKEN
  }

  /**
   * What {@link #look} found.
   *
   * @param table the table, or null when absent
   * @param tags its tags, or empty when absent
   */
  public record Look(Standing standing, Table table, Map<String, String> tags) {

    /** True when the owner's tag is not on it yet (the process died before tagging it). */
    public boolean untagged(TargetOwnership.Expected expected) {
      return !tags.containsKey(expected.ownerTag());
    }
  }

  /** DescribeTable and, for a table that exists, ListTagsOfResource and the ownership rule. */
  public static Look look(
      TableStore tables, TableTarget target, TargetOwnership.Expected expected) {
    Optional<Table> existing = tables.describe(target);
    if (existing.isEmpty()) {
      return new Look(Standing.ABSENT, null, Map.of());
    }
    Map<String, String> tags = tables.tags(target, existing.get().arn());
    Standing standing =
        TargetOwnership.ours(existing.get(), tags, expected) ? Standing.OURS : Standing.TAKEN;
    return new Look(standing, existing.get(), tags);
  }

  /**
   * The restore call, then the owner's tags on the new table. A tag that cannot be written is
   * handed to {@code tagFailed} and the restore goes on: the recorded start still tells the table
   * ours. Throws TABLE_ALREADY_EXISTS when someone made the table since {@link #look}.
   */
  public static Table make(
      TableStore tables,
      TableTarget target,
      RestoreRequest request,
      Map<String, String> ownerTags,
      Consumer<BackupStoreException> tagFailed) {
    Table made = tables.restore(target, request);
    tag(tables, target, made, ownerTags, tagFailed);
    return made;
  }

  /** Tags an adopted table that the process died before tagging. */
  public static void tag(
      TableStore tables,
      TableTarget target,
      Table table,
      Map<String, String> ownerTags,
      Consumer<BackupStoreException> tagFailed) {
    try {
      tables.tag(target, table.arn(), ownerTags);
    } catch (BackupStoreException e) {
      tagFailed.accept(e);
    }
  }
}
