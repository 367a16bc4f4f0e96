package io.ddbbackup.operator.replay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * BatchWriteItem's rules for a run of changes: at most {@value #MAX} writes per batch, and no item
 * twice in one batch (DynamoDB refuses the whole batch: "Provided list of item keys contains
 * duplicates"). Order is kept: a second change of an item starts a new batch, so it is written
 * after the first.
 */
public final class Batches {

  /** BatchWriteItem's limit on requests per call. */
  public static final int MAX = 25;

  private Batches() {}

  public static List<List<Change>> of(List<Change> changes) {
    List<List<Change>> batches = new ArrayList<>();
    List<Change> current = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Change change : changes) {
      String id = change.identity();
      if (current.size() == MAX || keys.contains(id)) {
        batches.add(List.copyOf(current));
        current = new ArrayList<>();
        keys.clear();
      }
      current.add(change);
      keys.add(id);
    }
    if (!current.isEmpty()) {
      batches.add(List.copyOf(current));
    }
    return batches;
  }
}
