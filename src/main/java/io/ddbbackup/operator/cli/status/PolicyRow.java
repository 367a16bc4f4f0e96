package io.ddbbackup.operator.cli.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.ddbbackup.operator.cli.Age;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One backup policy's posture as {@code kubectl ddb status} prints it, from its status alone: the
 * tables it matched, covered and skipped, its generated schedules that are failing, and the oldest
 * recovery point among them.
 *
 * @param failing generated schedules whose Ready is not True
 * @param oldestRecoveryPointAgeSeconds seconds since the oldest recovery point among the covered
 *     tables, null when none is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyRow(
    String namespace,
    String name,
    String region,
    Health health,
    String ready,
    String reason,
    String message,
    Integer matched,
    Integer covered,
    Integer skipped,
    Integer failing,
    String oldestRecoveryPoint,
    Long oldestRecoveryPointAgeSeconds) {

  /** Worst first, then by namespace and name. */
  public static final Comparator<PolicyRow> WORST_FIRST =
      Comparator.comparing(PolicyRow::health)
          .thenComparing(PolicyRow::namespace)
          .thenComparing(PolicyRow::name);

  /**
   * A policy is failing while its Ready is False, degraded while any schedule it generated is not
   * Ready, pending until the operator reported on it.
   */
  static PolicyRow of(DynamoDBBackupPolicy policy, Instant now) {
    DynamoDBBackupPolicyStatus s = policy.getStatus();
    Condition ready = s == null ? null : ready(s.getConditions());
    Integer failing = s == null ? null : s.getFailing();
    Health health;
    if (ready == null || "Unknown".equals(ready.getStatus())) {
      health = Health.PENDING;
    } else if (!"True".equals(ready.getStatus())) {
      health = Health.FAILING;
    } else if (failing != null && failing > 0) {
      health = Health.DEGRADED;
    } else {
      health = Health.HEALTHY;
    }
    String oldest = s == null ? null : s.getOldestRecoveryPoint();
    Instant oldestAt = Age.parse(oldest);
    return new PolicyRow(
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        policy.getSpec() == null ? null : policy.getSpec().getRegion(),
        health,
        ready == null ? "Unknown" : ready.getStatus(),
        ready == null ? null : ready.getReason(),
        ready == null ? null : ready.getMessage(),
        s == null ? null : s.getMatched(),
        s == null ? null : s.getCovered(),
        s == null ? null : s.getSkipped(),
        failing,
        oldest,
        oldestAt == null ? null : Math.max(0, now.getEpochSecond() - oldestAt.getEpochSecond()));
  }

  private static Condition ready(List<Condition> conditions) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
  }
}
