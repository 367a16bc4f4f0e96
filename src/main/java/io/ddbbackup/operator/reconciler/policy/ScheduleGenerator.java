package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.policy.FleetPlan;
import io.ddbbackup.operator.reconciler.Checkpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the policy's schedules what it wants: after a discovery, creates the missing ones and
 * deletes those whose table is no longer covered by them; always, puts back a generated schedule
 * that differs from the template (the template changed, or someone edited it). Between discoveries
 * nothing is created or deleted, and no AWS call is made.
 */
final class ScheduleGenerator {

  private final PolicySchedules schedules;
  private final Checkpoints checkpoints;

  ScheduleGenerator(PolicySchedules schedules, Checkpoints checkpoints) {
    this.schedules = schedules;
    this.checkpoints = checkpoints;
  }

  PolicyStep apply(PolicyStep step) {
    Map<String, DynamoDBBackupSchedule> own = new LinkedHashMap<>();
    for (DynamoDBBackupSchedule s : step.own()) {
      own.put(s.getMetadata().getName(), s);
    }
    int deleted = step.plan() == null ? 0 : deleteUncovered(step.plan(), own);
    int generated = step.plan() == null ? 0 : createMissing(step, own);
    List<DynamoDBBackupSchedule> now = new ArrayList<>();
    int putBack = 0;
    for (DynamoDBBackupSchedule s : own.values()) {
      if (s.getMetadata().getDeletionTimestamp() != null) {
        continue; // on its way out: its finalizer applies the deletion policy
      }
      if (GeneratedSchedule.drifted(s, step.settings())) {
        s =
            schedules.update(
                withStoredSpec(
                    GeneratedSchedule.putBack(s, step.resource(), step.settings()), true));
        putBack++;
      } else if (GeneratedSchedule.storedSpecUnrecorded(s)) {
        // without the fingerprint (a schedule of an earlier version): record it as it is
        s = schedules.update(GeneratedSchedule.withStoredSpec(s, s.getSpec()));
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

  /** Deletes the schedules whose table this policy no longer covers; how many. */
  private int deleteUncovered(FleetPlan plan, Map<String, DynamoDBBackupSchedule> own) {
    int deleted = 0;
    for (String name : plan.delete()) {
      DynamoDBBackupSchedule gone = own.remove(name);
      if (gone != null) {
        schedules.delete(gone);
        deleted++;
      }
    }
    return deleted;
  }

  /** Creates the schedules the plan wants and the policy does not have yet; how many. */
  private int createMissing(PolicyStep step, Map<String, DynamoDBBackupSchedule> own) {
    int generated = 0;
    for (FleetPlan.Generated g : step.plan().generate()) {
      if (!own.containsKey(g.scheduleName())) {
        DynamoDBBackupSchedule created =
            schedules.create(
                withStoredSpec(
                    GeneratedSchedule.create(
                        step.resource(), step.settings(), g.scheduleName(), g.tableName()),
                    false));
        own.put(g.scheduleName(), created);
        generated++;
        checkpoints.reached(Checkpoints.Point.MID_GENERATION);
      }
    }
    return generated;
  }

  /**
   * {@code schedule} carrying the fingerprint of its spec as the API server will store it, asked of
   * the API server by a dry run, so that one write makes it.
   */
  private DynamoDBBackupSchedule withStoredSpec(DynamoDBBackupSchedule schedule, boolean exists) {
    return GeneratedSchedule.withStoredSpec(
        schedule, schedules.asStored(schedule, exists).getSpec());
  }
}
