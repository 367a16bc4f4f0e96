package io.ddbbackup.operator.api;

import java.util.Set;

/**
 * Words of a {@link DynamoDBRestore}'s Ready reasons that another kind reads: a schedule's drill of
 * the export chain follows the restore it made and gives up at once on a restore that waits on
 * something a drill cannot wait out. The restore kind writes these words and the schedule kind
 * reads them, so both take them from here (neither kind may import the other).
 */
public final class RestoreReasons {

  /** The spec is refused: the field and the fix are in the message. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** The source (a backup, a schedule, the chain's records) is not there. */
  public static final String SOURCE_NOT_FOUND = "SourceNotFound";

  /** A table of the target's name exists and is not the restore's own. */
  public static final String TARGET_EXISTS = "TargetExists";

  /** The operator's tenancy policy refuses the source or the target. */
  public static final String NOT_PERMITTED = "NotPermitted";

  /** The reasons a restore keeps until someone changes something: waiting will not help. */
  public static final Set<String> WAITING_FOR_A_PERSON =
      Set.of(INVALID_SPEC, SOURCE_NOT_FOUND, TARGET_EXISTS, NOT_PERMITTED);

  private RestoreReasons() {}
}
