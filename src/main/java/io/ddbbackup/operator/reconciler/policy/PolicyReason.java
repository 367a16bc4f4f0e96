package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.ConditionReason;
import java.util.Map;

/** The reasons of a policy's Ready condition. */
public enum PolicyReason implements ConditionReason {
  /** The last discovery succeeded; every matched table is covered or reported as skipped. */
  DISCOVERED("Discovered", true),
  INVALID_SPEC("InvalidSpec", false),
  ACCESS_DENIED("AccessDenied", false),
  THROTTLED("Throttled", false),
  DISCOVERY_FAILED("DiscoveryFailed", false);

  private final Label label;

  PolicyReason(String reason, boolean ready) {
    this.label = new Label(reason, ready);
  }

  @Override
  public Label label() {
    return label;
  }

  /** The reason a failed discovery shows under. */
  public static PolicyReason ofFailure(Failure failure) {
    return ConditionReason.ofFailure(failure, Map.of(), ACCESS_DENIED, THROTTLED, DISCOVERY_FAILED);
  }
}
