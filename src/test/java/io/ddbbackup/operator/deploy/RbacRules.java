package io.ddbbackup.operator.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** RBAC rules flattened to "group/resource verb" lines, so a test can compare exact sets. */
final class RbacRules {

  /**
   * The operator's rights on its resources (schedules, restores) and Events, wherever it watches.
   */
  static final Set<String> SCHEDULES_RESTORES_AND_EVENTS =
      Set.of(
          "ddbbackup.io/dynamodbbackupschedules get",
          "ddbbackup.io/dynamodbbackupschedules list",
          "ddbbackup.io/dynamodbbackupschedules watch",
          "ddbbackup.io/dynamodbbackupschedules patch",
          "ddbbackup.io/dynamodbbackupschedules update",
          // a backup policy generates schedules and deletes those it generated
          "ddbbackup.io/dynamodbbackupschedules create",
          "ddbbackup.io/dynamodbbackupschedules delete",
          "ddbbackup.io/dynamodbbackupschedules/status get",
          "ddbbackup.io/dynamodbbackupschedules/status update",
          "ddbbackup.io/dynamodbbackupschedules/status patch",
          "ddbbackup.io/dynamodbbackupschedules/finalizers update",
          "ddbbackup.io/dynamodbrestores get",
          "ddbbackup.io/dynamodbrestores list",
          "ddbbackup.io/dynamodbrestores watch",
          "ddbbackup.io/dynamodbrestores patch",
          "ddbbackup.io/dynamodbrestores update",
          "ddbbackup.io/dynamodbrestores create",
          "ddbbackup.io/dynamodbrestores delete",
          "ddbbackup.io/dynamodbrestores/status get",
          "ddbbackup.io/dynamodbrestores/status update",
          "ddbbackup.io/dynamodbrestores/status patch",
          "ddbbackup.io/dynamodbrestores/finalizers update",
          "ddbbackup.io/dynamodbbackuppolicies get",
          "ddbbackup.io/dynamodbbackuppolicies list",
          "ddbbackup.io/dynamodbbackuppolicies watch",
          "ddbbackup.io/dynamodbbackuppolicies/status get",
          "ddbbackup.io/dynamodbbackuppolicies/status update",
          "ddbbackup.io/dynamodbbackuppolicies/status patch",
          "/events create",
          "/events get",
          "/events update",
          "/events patch");

  /** Leader election, in the operator's own namespace. */
  static final Set<String> LEASES =
      Set.of(
          "coordination.k8s.io/leases get",
          "coordination.k8s.io/leases create",
          "coordination.k8s.io/leases update",
          // fabric8's LeaderElector renews and takes over the Lease with PATCH
          "coordination.k8s.io/leases patch");

  /** The replay Jobs of restores from exports, in the operator's own namespace; no pods. */
  static final Set<String> JOBS =
      Set.of(
          "batch/jobs create",
          "batch/jobs get",
          "batch/jobs list",
          "batch/jobs watch",
          "batch/jobs delete");

  private RbacRules() {}

  static Set<String> flatten(List<PolicyRule> rules) {
    Set<String> lines = new TreeSet<>();
    for (PolicyRule rule : rules) {
      if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
        throw new AssertionError("unexpected resourceNames in " + rule);
      }
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            lines.add(group + "/" + resource + " " + verb);
          }
        }
      }
    }
    return lines;
  }
}
