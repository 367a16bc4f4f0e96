package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.TableStore;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table's point-in-time recovery, as spec.pointInTimeRecovery says (a part of the schedule's
 * reconcile, after the backups). One DescribeContinuousBackups when the spec changes and then at
 * most once per check interval, rate limited like every call; never a call when the spec does not
 * ask for it.
 *
 * <p>A spec that asks for something else than the table has is applied (UpdateContinuousBackups).
 * Later, a difference the spec did not make is drift: someone changed it outside the operator. It
 * is undone (enforce, the default) or only reported, with an Event either way and the reason in the
 * PointInTimeRecovery condition. The window found goes to status.recovery. Trouble here never
 * touches Ready: the backups are not at fault.
 */
final class PointInTimeRecovery {

  static final String CONDITION = "PointInTimeRecovery";

  private static final Logger LOG = LoggerFactory.getLogger(PointInTimeRecovery.class);

  private final TableStore tables;
  private final ResourceEvents events;
  private final Backoff backoff;
  private final Clock clock;
  private final Duration checkInterval;

  /** Per schedule uid: the spec generation this process applied (or found in place). */
  private final Map<String, Long> applied = new ConcurrentHashMap<>();

  PointInTimeRecovery(
      TableStore tables,
      ResourceEvents events,
      Backoff backoff,
      Clock clock,
      Duration checkInterval) {
    this.tables = tables;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
    this.checkInterval = checkInterval;
  }

  /** Checks (and applies) point-in-time recovery when the spec changed or the interval passed. */
  Step checkIfDue(Step step) {
    PitrSettings want = step.settings().pitr();
    Recovery recovery = step.state().recovery();
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (want == null) {
      return recovery.pitr() == null && condition == null ? step : unmanaged(step);
    }
    if (step.queued()) {
      return step; // our rate-limit queues are long: the backups go first
    }
    Long generation = step.resource().getMetadata().getGeneration();
    String uid = step.resource().getMetadata().getUid();
    // the generation applied is known from the condition, and from memory: a status write lost
    // to a conflict must not turn a later drift into "the spec changed"
    boolean specChanged =
        generation == null
            || !(generation.equals(applied.get(uid))
                || (condition != null && generation.equals(condition.getObservedGeneration())));
    Instant nextCheck = recovery.checked() == null ? null : recovery.checked().plus(checkInterval);
    if (!specChanged && nextCheck != null && step.now().isBefore(nextCheck)) {
      return step.wakeBy(nextCheck);
    }
    try {
      Step checked = check(step, want, specChanged, condition);
      if (uid != null) {
        applied.put(uid, generation);
      }
      return checked;
    } catch (BackupStoreException e) {
      return failed(step, e, condition);
    }
  }

  private Step check(Step step, PitrSettings want, boolean specChanged, Condition condition) {
    ContinuousBackups seen = tables.continuousBackups(step.settings().target());
    String table = step.settings().tableName();
    String reason;
    String message;
    String status = "True";
    if (want.matches(seen)) {
      reason = "InSync";
      message =
          "Point-in-time recovery of table %s is %s, as the spec says"
              .formatted(table, seen.status());
    } else if (specChanged) {
      seen = apply(step, want);
      reason = "Applied";
      message = "Point-in-time recovery of table %s turned %s".formatted(table, want.describe());
      LOG.info("{}: {}", step.key(), message);
      events.normal(
          step.resource(),
          want.enabled() ? "PointInTimeRecoveryEnabled" : "PointInTimeRecoveryDisabled",
          message);
    } else if (want.enforce()) {
      String found = found(seen);
      seen = apply(step, want);
      reason = "Reapplied";
      message =
          "Point-in-time recovery of table %s was %s, changed outside the operator; turned"
                  .formatted(table, found)
              + " "
              + want.describe()
              + " again";
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "PointInTimeRecoveryDrift", message);
    } else {
      status = "False";
      reason = "Drifted";
      message =
          "Point-in-time recovery of table %s is %s, the spec says %s; not changed (spec"
                  .formatted(table, found(seen), want.describe())
              + ".pointInTimeRecovery.enforce is false)";
      boolean reported = condition != null && message.equals(condition.getMessage());
      if (!reported) {
        LOG.warn("{}: {}", step.key(), message);
        events.warning(step.resource(), "PointInTimeRecoveryDrift", message);
      }
    }
    Instant now = clock.instant();
    Recovery checked = step.state().recovery().checked(seen, StatusTimes.seconds(now));
    Step done =
        withCondition(
            step.with(step.state().with(s -> s.recovery = checked)), status, reason, message);
    return done.wakeBy(checked.checked().plus(checkInterval));
  }

  private ContinuousBackups apply(Step step, PitrSettings want) {
    return tables.updateContinuousBackups(
        step.settings().target(), want.enabled(), want.recoveryPeriodInDays());
  }

  private static String found(ContinuousBackups seen) {
    return seen.recoveryPeriodInDays() == null || !seen.on()
        ? seen.status()
        : "%s (%d days)".formatted(seen.status(), seen.recoveryPeriodInDays());
  }

  private Step failed(Step step, BackupStoreException e, Condition condition) {
    Instant asked = clock.instant();
    if (e.failure() == Failure.QUEUED) {
      return step.wakeWithin(asked, e.retryAfter());
    }
    String reason = ReadyReason.of(e.failure()).reason;
    String message = "Point-in-time recovery: " + e.getMessage();
    boolean reported = condition != null && message.equals(condition.getMessage());
    if (!reported) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), reason, message);
    }
    Step told = withCondition(step, "False", reason, message);
    if (e.failure().isTransient()) {
      return told.wakeWithin(asked, backoff.failure(1, true));
    }
    // a refusal (say, a missing grant) is tried again at the next check, not sooner
    Recovery tried = step.state().recovery().tried(StatusTimes.seconds(asked));
    return told.with(told.state().with(s -> s.recovery = tried)).wakeWithin(asked, checkInterval);
  }

  /** The schedule is gone: forget what was applied for it. */
  void forget(String uid) {
    applied.remove(uid);
  }

  /** No longer managed: the window and the condition go; what the backups hold stays. */
  private static Step unmanaged(Step step) {
    Recovery left = step.state().recovery().unmanaged(step.now());
    return step.with(
        step.state()
            .with(
                s -> {
                  s.recovery = left;
                  List<Condition> others = new java.util.ArrayList<>(s.conditions);
                  others.removeIf(c -> CONDITION.equals(c.getType()));
                  s.conditions = others;
                }));
  }

  private static Step withCondition(Step step, String status, String reason, String message) {
    Long generation = step.resource().getMetadata().getGeneration();
    return step.with(
        step.state()
            .with(
                s ->
                    s.conditions =
                        Conditions.with(
                            s.conditions,
                            CONDITION,
                            status,
                            reason,
                            message,
                            generation,
                            step.now())));
  }
}
