package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.ScheduleTemplate;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.policy.Selection;
import java.time.Duration;

/**
 * A policy's spec, checked.
 *
 * @param scope the region and role discovery looks in (no table)
 * @param selection the selector as the pure rules read it
 * @param template the generated schedules' spec, without table, region and role
 * @param interval how often the tables are listed
 */
record PolicySettings(
    TableTarget scope, Selection selection, ScheduleTemplate template, Duration interval) {

  String region() {
    return scope.region();
  }

  String roleArn() {
    return scope.roleArn();
  }

  /** The account the role is in, or null when the policy uses the operator's own identity. */
  String account() {
    if (scope.roleArn() == null) {
      return null;
    }
    String[] parts = scope.roleArn().split(":");
    return parts.length >= 6 && parts[4].matches("\\d{12}") ? parts[4] : null;
  }
}
