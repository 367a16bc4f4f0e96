package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.FailureText;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spec checked against DynamoDB once, when it is applied or changed: one DescribeTable (rate
 * limited like every call) finds a table that does not exist, a wrong region, a role that cannot be
 * assumed or a missing grant now, not at the first slot hours later. It never runs while idle
 * between slots: the generation checked is recorded in the status.
 *
 * <p>A table that is not there (or a refusal) makes Ready False with TableNotFound or AccessDenied
 * and an Event, and counts as a failure; the schedule keeps its slots, so a later fix lets the next
 * slot succeed, which makes Ready True again. A transient failure of the check (throttling, AWS
 * unavailable, our own rate-limit queue) is retried with backoff and changes nothing else. The
 * check runs after the slot parts and never stops them: a slot due in the same reconcile is started
 * first.
 */
final class TableCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TableCheck.class);

  private final TableStore tables;
  private final ResourceEvents events;
  private final Backoff backoff;
  private final Clock clock;

  private final ScheduleMemory memory;

  TableCheck(
      TableStore tables,
      ResourceEvents events,
      Backoff backoff,
      Clock clock,
      ScheduleMemory memory) {
    this.memory = memory;
    this.tables = tables;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** DescribeTable once for a spec generation not checked yet; otherwise the step as it is. */
  Step checkIfChanged(Step step) {
    Long generation = step.resource().getMetadata().getGeneration();
    ScheduleMemory.Held held = memory.of(step.resource());
    if (!due(step, generation) || generation.equals(held.tableChecked)) {
      return step;
    }
    TableTarget target = step.settings().target();
    try {
      String region = tables.regionOf(target);
      boolean exists = tables.describe(target).isPresent();
      held.tableCheckFailures = 0;
      if (exists) {
        // nothing to tell: recorded with the next status write that happens anyway (a restarted
        // process checks once more)
        held.tableChecked = generation;
        return step;
      }
      return refused(
          step,
          generation,
          ReadyReason.TABLE_NOT_FOUND,
          FailureText.tableNotFound(target.table(), region, target.roleArn()));
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.QUEUED) {
        // our own rate-limit queue is long (a fleet applied at once): come back in turn
        return step.wakeWithin(clock.instant(), e.retryAfter());
      }
      if (e.failure().isTransient()) {
        int failures = ++held.tableCheckFailures;
        LOG.info("table check of {} will be retried: {}", step.key(), e.getMessage());
        return step.wakeWithin(clock.instant(), backoff.failure(failures, true));
      }
      held.tableCheckFailures = 0;
      return refused(step, generation, ReadyReason.of(e.failure()), e.getMessage());
    }
  }

  /**
   * Not checked yet, nothing failed or queued earlier in this reconcile (that failure is the news),
   * no backup in flight (its outcome tells first, and the check joins the write of that outcome
   * instead of adding one), and not suspended (no slot would use the answer; resuming is a new
   * generation).
   */
  private static boolean due(Step step, Long generation) {
    return generation != null
        && !step.stopped()
        && !step.settings().suspend()
        && !step.state().backupInFlight()
        && !generation.equals(step.state().checkedGeneration());
  }

  private Step refused(Step step, Long generation, ReadyReason reason, String message) {
    String told = message + " (checked when the spec was applied; the next slot tries again)";
    LOG.warn(
        "table check failed for {} (table {}): {}", step.key(), step.settings().tableName(), told);
    events.warning(step.resource(), reason.reason(), told);
    return step.with(
            step.state()
                .with(
                    s -> {
                      s.checkedGeneration = generation;
                      s.consecutiveFailures++;
                    }))
        .reporting(reason, told);
  }
}
