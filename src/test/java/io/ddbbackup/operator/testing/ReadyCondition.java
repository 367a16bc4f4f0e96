package io.ddbbackup.operator.testing;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.api.model.Condition;

/** The Ready condition as a user reads it with kubectl, for the e2e and reliability tests. */
public final class ReadyCondition {

  private ReadyCondition() {}

  /** The schedule's Ready condition, or null when there is none yet. */
  public static Condition ready(DynamoDBBackupSchedule schedule) {
    if (schedule == null || schedule.getStatus() == null) {
      return null;
    }
    return schedule.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  public static boolean isReady(DynamoDBBackupSchedule schedule, String status, String reason) {
    Condition ready = ready(schedule);
    return ready != null && status.equals(ready.getStatus()) && reason.equals(ready.getReason());
  }
}
