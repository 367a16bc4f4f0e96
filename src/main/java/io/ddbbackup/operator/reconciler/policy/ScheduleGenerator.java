package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.policy.FleetPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the policy's schedules what it wants: after a discovery, creates the missing ones and
 * deletes those whose table is no longer covered by them; always, puts back a generated schedule
 * that differs from the template (the template changed, or someone edited it). Between discoveries
 * nothing is created or deleted, and no AWS call is made.
 */
final class ScheduleGenerator {

  private final PolicySchedules schedules;

  ScheduleGenerator(PolicySchedules schedules) {
    this.schedules = schedules;
  }

  PolicyStep apply(PolicyStep step) {
    Map<String, DynamoDBBackupSchedule> own = new LinkedHashMap<>();
    for (DynamoDBBackupSchedule s : step.own()) {
      own.put(s.getMetadata().getName(), s);
    }
    int generated = 0;
    int putBack = 0;
    int deleted = 0;
    if (step.plan() != null) {
      for (String name : step.plan().delete()) {
        DynamoDBBackupSchedule gone = own.remove(name);
        if (gone != null) {
          schedules.delete(gone);
          deleted++;
        }
      }
      Set<String> wanted = new HashSet<>();
      for (FleetPlan.Generated g : step.plan().generate()) {
        wanted.add(g.scheduleName());
        if (!own.containsKey(g.scheduleName())) {
          DynamoDBBackupSchedule created =
              schedules.create(
                  GeneratedSchedule.create(
                      step.resource(), step.settings(), g.scheduleName(), g.tableName()));
          own.put(g.scheduleName(), record(created));
          generated++;
        }
      }
    }
    List<DynamoDBBackupSchedule> now = new ArrayList<>();
    for (DynamoDBBackupSchedule s : own.values()) {
      if (s.getMetadata().getDeletionTimestamp() != null) {
        continue; // on its way out: its finalizer applies the deletion policy
      }
      if (GeneratedSchedule.drifted(s, step.settings())) {
        s =
            record(
                schedules.update(GeneratedSchedule.putBack(s, step.resource(), step.settings())));
        putBack++;
      } else if (GeneratedSchedule.storedSpecUnrecorded(s)) {
        s = record(s);
      }
      now.add(s);
    }
    return step.applied(
        now,
        new PolicyStep.News(
            step.news().generated() + generated,
            step.news().putBack() + putBack,
            step.news().deleted() + deleted));
  }

  /** The second write of a create or a put-back: the spec's fingerprint as the server stored it. */
  private DynamoDBBackupSchedule record(DynamoDBBackupSchedule stored) {
    return schedules.update(GeneratedSchedule.withStoredSpecRecorded(stored));
  }
}
