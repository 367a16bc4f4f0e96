package io.ddbbackup.operator.reconciler.restore;

import java.util.Arrays;
import java.util.List;

/**
 * The phases and Ready reasons the restore reconciler writes, for tests outside this package that
 * must follow them (the Argo CD health check, the CRD's descriptions).
 */
public final class RestoreReasons {

  public static final String PENDING = RestorePhase.Pending.name();
  public static final String RESTORING_PHASE = RestorePhase.Restoring.name();
  public static final String REPLAYING_PHASE = RestorePhase.Replaying.name();
  public static final String COMPLETED_PHASE = RestorePhase.Completed.name();
  public static final String FAILED_PHASE = RestorePhase.Failed.name();

  public static final String RESTORING = RestoreReason.RESTORING.reason();
  public static final String COMPLETED = RestoreReason.COMPLETED.reason();
  public static final String INVALID_SPEC = RestoreReason.INVALID_SPEC.reason();
  public static final String SOURCE_NOT_FOUND = RestoreReason.SOURCE_NOT_FOUND.reason();
  public static final String TARGET_EXISTS = RestoreReason.TARGET_EXISTS.reason();
  public static final String ACCESS_DENIED = RestoreReason.ACCESS_DENIED.reason();
  public static final String THROTTLED = RestoreReason.THROTTLED.reason();
  public static final String RESTORE_FAILED = RestoreReason.RESTORE_FAILED.reason();
  public static final String REPLAYING = RestoreReason.REPLAYING.reason();
  public static final String REPLAY_FAILED = RestoreReason.REPLAY_FAILED.reason();
  public static final String NOT_PERMITTED = RestoreReason.NOT_PERMITTED.reason();

  private RestoreReasons() {}

  /** Every reason of the Ready condition. */
  public static List<String> all() {
    return Arrays.stream(RestoreReason.values()).map(r -> r.reason()).toList();
  }

  /** The reasons written with Ready False. */
  public static List<String> failing() {
    return Arrays.stream(RestoreReason.values())
        .filter(r -> !r.ready())
        .map(r -> r.reason())
        .toList();
  }
}
