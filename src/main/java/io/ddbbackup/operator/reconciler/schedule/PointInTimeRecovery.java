package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.TableStore;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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

  private final ScheduleMemory memory;

  PointInTimeRecovery(
      TableStore tables,
      ResourceEvents events,
      Backoff backoff,
      Clock clock,
      Duration checkInterval,
      ScheduleMemory memory) {
    this.memory = memory;
    this.tables = tables;
    this.events = events;
    this.backoff = backoff;
    this.clock = clock;
    this.checkInterval = checkInterval;
  }

  /**
   * Checks (and applies) point-in-time recovery when the spec changed or the interval passed;
   * leaves it alone, reporting why, while another schedule of the table asks for something else
   * ({@code conflict}, from {@link PitrWishes}).
   */
  Step checkIfDue(Step step, Optional<String> conflict) {
    PitrSettings want = step.settings().pitr();
    Recovery recovery = step.state().recovery();
    Condition condition = Conditions.of(step.state().conditions(), CONDITION);
    if (want == null) {
      memory.of(step.resource()).pitrChecked = null; // no longer managed: nothing to carry
      return recovery.pitr() == null && condition == null ? step : unmanaged(step);
    }
    if (step.queued()) {
      return step; // our rate-limit queues are long: the backups go first
    }
    if (conflict.isPresent()) {
      return conflicted(step, conflict.get(), condition);
    }
    Long generation = step.resource().getMetadata().getGeneration();
    ScheduleMemory.Held held = memory.of(step.resource());
    // the generation applied is known from the condition, and from memory: a status write lost
    // to a conflict must not turn a later drift into "the spec changed"
    boolean specChanged =
        generation == null
            || !(generation.equals(held.pitrApplied)
                || (condition != null && generation.equals(condition.getObservedGeneration())));
    Instant lastCheck = recovery.withCheck(held.pitrChecked).checked();
    Instant nextCheck = lastCheck == null ? null : lastCheck.plus(checkInterval);
    if (!specChanged && nextCheck != null && step.now().isBefore(nextCheck)) {
      return step.wakeBy(nextCheck);
    }
    try {
      Step checked = check(step, want, specChanged, condition);
      held.pitrApplied = generation;
      return checked;
    } catch (BackupStoreException e) {
      return failed(step, e, condition);
    }
  }

  /** What a check found and did: the table's PITR afterwards, and the condition to set. */
  private record Verdict(ContinuousBackups seen, String status, String reason, String message) {}

  private Step check(Step step, PitrSettings want, boolean specChanged, Condition condition) {
    ContinuousBackups seen = tables.continuousBackups(step.settings().target());
    Verdict v;
    if (want.matches(seen)) {
      v =
          new Verdict(
              seen,
              "True",
              "InSync",
              "Point-in-time recovery of table %s is %s, as the"
                      .formatted(step.settings().tableName(), seen.status())
                  + " spec says");
    } else if (specChanged) {
      v = applied(step, want);
    } else if (want.enforce()) {
      v = reapplied(step, want, seen);
    } else {
      v = drifted(step, want, seen, condition);
    }
    Instant now = clock.instant();
    Recovery written = step.state().recovery();
    Recovery checked = written.checked(v.seen(), StatusTimes.seconds(now));
    Step told = step.withCondition(CONDITION, v.status(), v.reason(), v.message());
    ScheduleMemory.Held held = memory.of(step.resource());
    boolean news =
        !written.sameAs(checked)
            || !Objects.equals(
                Conditions.of(told.state().conditions(), CONDITION),
                Conditions.of(step.state().conditions(), CONDITION));
    if (news) {
      held.pitrChecked = null;
      told = told.with(told.state().with(s -> s.recovery = checked));
    } else {
      // nothing a user has to see: no status write for it (see ScheduleMemory.Held.pitrChecked)
      held.pitrChecked = checked;
    }
    return told.wakeBy(checked.checked().plus(checkInterval));
  }

  /** The spec asks for something new: apply it, a Normal Event. */
  private Verdict applied(Step step, PitrSettings want) {
    ContinuousBackups seen = apply(step, want);
    String message =
        "Point-in-time recovery of table %s turned %s"
            .formatted(step.settings().tableName(), want.describe());
    LOG.info("{}: {}", step.key(), message);
    events.normal(
        step.resource(),
        want.enabled() ? "PointInTimeRecoveryEnabled" : "PointInTimeRecoveryDisabled",
        message);
    return new Verdict(seen, "True", "Applied", message);
  }

  /** Changed outside the operator, enforce: undo it, a Warning Event. */
  private Verdict reapplied(Step step, PitrSettings want, ContinuousBackups found) {
    ContinuousBackups seen = apply(step, want);
    String message =
        "Point-in-time recovery of table %s was %s, changed outside the operator; turned %s again"
            .formatted(step.settings().tableName(), found(found), want.describe());
    LOG.warn("{}: {}", step.key(), message);
    events.warning(step.resource(), "PointInTimeRecoveryDrift", message);
    return new Verdict(seen, "True", "Reapplied", message);
  }

  /** Another schedule of the table wants something else: no call, the conflict reported once. */
  private Step conflicted(Step step, String message, Condition condition) {
    boolean reported = condition != null && message.equals(condition.getMessage());
    if (!reported) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "PointInTimeRecoveryConflict", message);
    }
    return step.withCondition(CONDITION, "False", "Conflict", message)
        .wakeWithin(clock.instant(), PitrWishes.RECHECK);
  }

  /** Changed outside the operator, enforce false: report it, once. */
  private Verdict drifted(
      Step step, PitrSettings want, ContinuousBackups seen, Condition condition) {
    String message =
        "Point-in-time recovery of table %s is %s, the spec says %s; not changed (spec"
                .formatted(step.settings().tableName(), found(seen), want.describe())
            + ".pointInTimeRecovery.enforce is false)";
    boolean reported = condition != null && message.equals(condition.getMessage());
    if (!reported) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "PointInTimeRecoveryDrift", message);
    }
    return new Verdict(seen, "False", "Drifted", message);
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
    if (e.failure() == Failure.NOT_LEADER) {
      return step.stoppedBy(e, asked); // the leader applies it; this replica writes nothing more
    }
    String reason = ReadyReason.of(e.failure()).reason();
    String message = "Point-in-time recovery: " + e.getMessage();
    boolean reported = condition != null && message.equals(condition.getMessage());
    if (!reported) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), reason, message);
    }
    Step told = step.withCondition(CONDITION, "False", reason, message);
    if (e.failure().isTransient()) {
      return told.wakeWithin(asked, backoff.failure(1, true));
    }
    // a refusal (say, a missing grant) is tried again at the next check, not sooner
    Recovery tried = step.state().recovery().tried(StatusTimes.seconds(asked));
    return told.with(told.state().with(s -> s.recovery = tried)).wakeWithin(asked, checkInterval);
  }

  /** No longer managed: the window and the condition go; what the backups hold stays. */
  private static Step unmanaged(Step step) {
    Recovery left = step.state().recovery().unmanaged(step.now());
    return step.with(
        step.state()
            .with(
                s -> {
                  s.recovery = left;
                  s.conditions = Conditions.without(s.conditions, CONDITION);
                }));
  }
}
