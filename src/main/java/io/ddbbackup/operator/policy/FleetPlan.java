package io.ddbbackup.operator.policy;

import java.util.List;

/**
 * What a policy does after a discovery.
 *
 * @param matched the tables the selector selected, by name
 * @param generate the schedules to have, one per covered table: created when missing, put back to
 *     the template when they differ
 * @param delete the names of this policy's generated schedules whose table is no longer covered by
 *     them (it stopped matching, was deleted, is covered elsewhere or no longer permitted)
 * @param skipped the selected tables given no schedule, and why
 */
public record FleetPlan(
    List<String> matched, List<Generated> generate, List<String> delete, List<Skip> skipped) {

  public FleetPlan {
    matched = List.copyOf(matched);
    generate = List.copyOf(generate);
    delete = List.copyOf(delete);
    skipped = List.copyOf(skipped);
  }

  /** A schedule to have: its name and its table. */
  public record Generated(String scheduleName, String tableName) {}

  /** Why a selected table gets no schedule. */
  public enum SkipReason {
    /** A schedule this policy did not generate backs it up already. */
    CoveredElsewhere,
    /** The tenancy policy does not let the namespace back it up. */
    NotPermitted
  }

  /** A selected table given no schedule. */
  public record Skip(String tableName, SkipReason reason, String message) {}
}
