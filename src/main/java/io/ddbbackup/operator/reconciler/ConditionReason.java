package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.util.Map;

/**
 * A reason of a kind's Ready condition: the word shown in {@code status.conditions[].reason} and
 * whether it leaves the resource Ready. Each kind keeps its reasons in an enum of its own.
 */
public interface ConditionReason {

  /** What a reason shows: the word in the condition and whether it leaves the resource Ready. */
  record Label(String reason, boolean ready) {}

  /** Each reason's label, kept in the enum constant. */
  Label label();

  /** The word in the condition, e.g. {@code Throttled}. */
  default String reason() {
    return label().reason();
  }

  /** True when the resource is Ready with this reason. */
  default boolean ready() {
    return label().ready();
  }

  /**
   * The reason a failed AWS call shows under, the one mapping every kind shares: the failures
   * {@code specific} to the kind first, then access denied and throttling (the same words for every
   * kind), else {@code otherwise}.
   */
  static <R extends ConditionReason> R ofFailure(
      Failure failure, Map<Failure, R> specific, R accessDenied, R throttled, R otherwise) {
    R own = specific.get(failure);
    if (own != null) {
      return own;
    }
    return switch (failure) {
      case ACCESS_DENIED -> accessDenied;
      case THROTTLED, LIMIT_EXCEEDED -> throttled;
      default -> otherwise;
    };
  }
}
