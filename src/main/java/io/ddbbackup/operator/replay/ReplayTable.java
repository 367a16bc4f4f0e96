package io.ddbbackup.operator.replay;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one table a replay writes: checked first, then written in batches. */
public interface ReplayTable {

  /** The table's status ({@code ACTIVE}, {@code CREATING} …), or empty when it does not exist. */
  Optional<String> status();

  /** The table's tags (ListTagsOfResource). */
  Map<String, String> tags();

  /**
   * One BatchWriteItem of at most {@link Batches#MAX} changes, no item twice.
   *
   * @return the changes DynamoDB did not process (its UnprocessedItems), empty when all were
   * @throws ReplayFailure THROTTLED or UNAVAILABLE when the call as a whole failed and may be tried
   *     again; another kind when it may not
   */
  List<Change> write(List<Change> batch);
}
