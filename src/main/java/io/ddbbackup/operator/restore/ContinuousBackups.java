package io.ddbbackup.operator.restore;

import java.time.Instant;

/**
 * A table's point-in-time recovery, as DescribeContinuousBackups or UpdateContinuousBackups tell.
 *
 * @param status ENABLED, ENABLING or DISABLED (PointInTimeRecoveryStatus)
 * @param recoveryPeriodInDays the days the window reaches back; null when DynamoDB does not say
 * @param earliestRestorable the earliest restorable time; null while disabled
 * @param latestRestorable the latest restorable time; null while disabled
 */
public record ContinuousBackups(
    String status,
    Integer recoveryPeriodInDays,
    Instant earliestRestorable,
    Instant latestRestorable) {

  public static final String ENABLED = "ENABLED";
  public static final String ENABLING = "ENABLING";
  public static final String DISABLED = "DISABLED";

  /** On, or being turned on: either way nothing needs doing to have it on. */
  public boolean on() {
    return ENABLED.equals(status) || ENABLING.equals(status);
  }
}
