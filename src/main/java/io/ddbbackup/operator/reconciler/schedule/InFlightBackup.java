package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.schedule.SlotPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup a schedule started and has not seen settle: creates it, adopts it under its recorded
 * name, or follows it to AVAILABLE.
 *
 * <p>Exactly once per slot: CreateBackup has no idempotency token and DynamoDB does not require
 * unique names, so the slot and its deterministic name are written to status before CreateBackup is
 * called ({@link SlotStarter}). A later reconcile that finds a recorded name without an ARN cannot
 * know whether the call went through, so it looks the name up (in the inventory, else ListBackups
 * bounded to the slot's window) and adopts what it finds; only when nothing is there does it
 * create. Creating and adopting end in the same {@link #created} so that both leave the status
 * alike. A CREATING backup is followed through the inventory ({@link BackupInventory#follow}),
 * which answers a herd of them with shared listings.
 */
final class InFlightBackup {

  private static final Logger LOG = LoggerFactory.getLogger(InFlightBackup.class);

  /** How far around a slot to look for a backup whose ARN was never recorded (clock skew). */
  private static final Duration LOOKUP_MARGIN = Duration.ofMinutes(5);

  private final BackupInventory inventory;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;
  private final Checkpoints checkpoints;

  InFlightBackup(
      BackupInventory inventory,
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock,
      Checkpoints checkpoints) {
    this.inventory = inventory;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
    this.checkpoints = checkpoints;
  }

  /** Settles a recorded slot (adopt, give up or create) or follows a CREATING backup. */
  Step observe(Step step) {
    SlotRecord last = step.state().lastBackup();
    if (step.stopped() || last == null || !last.inFlight()) {
      return step;
    }
    try {
      return last.phase() == BackupPhase.RECORDED ? resolve(step, last) : follow(step, last);
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
  }

  /** CreateBackup for a slot whose record was just written. */
  Step create(Step step, String name) {
    Backup created;
    try {
      created = inventory.store().create(step.settings().target(), name);
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
    checkpoints.reached(Checkpoints.Point.AFTER_CREATE_BACKUP);
    return created(step, created, false);
  }

  private Step resolve(Step step, SlotRecord recorded) {
    ScheduleSettings settings = step.settings();
    Instant now = step.now();
    Instant slot = settings.names().slotOf(recorded.name()).orElse(now);
    Optional<Backup> mine =
        inventory.find(
            settings.target(), recorded.name(), slot.minus(LOOKUP_MARGIN), now.plus(LOOKUP_MARGIN));
    if (mine.isPresent()) {
      LOG.info(
          "adopting backup {} ({}) whose ARN was not recorded for {}",
          recorded.name(),
          mine.get().arn(),
          step.key());
      return created(step, mine.get(), true);
    }
    Optional<SlotPlanner.GiveUp> giveUp =
        isScheduledSlot(step, recorded)
            ? SlotPlanner.giveUpRecordedSlot(
                settings.cron(), slot, now, settings.startingDeadlineSeconds())
            : Optional.empty();
    return giveUp.isEmpty()
        ? create(step, recorded.name())
        : givenUp(step, recorded, slot, giveUp.get());
  }

  /** Too late for the recorded slot's backup: it counts as missed and the slot as FAILED. */
  private Step givenUp(Step step, SlotRecord recorded, Instant slot, SlotPlanner.GiveUp why) {
    metrics.slotsMissed(step.metricsKey(), 1);
    events.warning(
        step.resource(),
        "SlotSkipped",
        "Gave up backup %s of slot %s: it could not be created before %s"
            .formatted(
                recorded.name(),
                StatusTimes.format(slot),
                why == SlotPlanner.GiveUp.PAST_DEADLINE
                    ? "its starting deadline"
                    : "a newer slot came due"));
    return step.with(
        step.state()
            .with(
                s -> {
                  s.lastBackup = recorded.withPhase(BackupPhase.FAILED);
                  s.missedCount++;
                }));
  }

  /** A manual backup's name carries its trigger time, a scheduled one lastScheduleTime. */
  private static boolean isScheduledSlot(Step step, SlotRecord recorded) {
    Instant slot = step.state().lastScheduleTime();
    return slot != null && step.settings().names().forSlot(slot).equals(recorded.name());
  }

  /** The one way a backup enters the status, created or adopted. */
  private Step created(Step step, Backup backup, boolean adopted) {
    SlotRecord record = step.state().lastBackup().created(backup);
    metrics.backupCreated(step.metricsKey());
    LOG.info(
        "backup {} of table {} {} for {} ({})",
        backup.name(),
        step.settings().tableName(),
        adopted ? "adopted" : "created",
        step.key(),
        backup.arn());
    events.normal(
        step.resource(),
        adopted ? "Adopted" : "BackupCreated",
        "%s backup %s of table %s (%s)"
            .formatted(
                adopted ? "Adopted" : "Created",
                backup.name(),
                step.settings().tableName(),
                backup.arn()));
    Step next =
        step.with(
            step.state()
                .with(
                    s -> {
                      s.lastBackup = record;
                      s.createdCount++;
                      s.consecutiveFailures = 0;
                    }));
    if (backup.isAvailable()) {
      return available(next, backup);
    }
    return next.reporting(
            ReadyReason.BACKING_UP, "Backup %s is %s".formatted(backup.name(), backup.status()))
        .wakeWithin(clock.instant(), backoff.follow(Duration.ZERO));
  }

  private Step follow(Step step, SlotRecord creating) {
    Backup backup;
    try {
      backup = inventory.follow(step.settings().target(), creating.arn());
    } catch (BackupStoreException e) {
      if (e.failure() != Failure.BACKUP_NOT_FOUND) {
        throw e;
      }
      return failed(
          step,
          creating.withPhase(BackupPhase.FAILED),
          "Backup %s disappeared while it was being created".formatted(creating.name()));
    }
    if (backup.isAvailable()) {
      return available(step, backup);
    }
    if (backup.status() == BackupStatus.CREATING) {
      return step.reporting(
              ReadyReason.BACKING_UP, "Backup %s is CREATING".formatted(backup.name()))
          .wakeWithin(
              clock.instant(), backoff.follow(Duration.between(backup.createdAt(), step.now())));
    }
    return failed(
        step,
        creating.withPhase(BackupPhase.of(backup.status())),
        "Backup %s ended %s".formatted(backup.name(), backup.status()));
  }

  private Step available(Step step, Backup backup) {
    String message = "Backup %s is AVAILABLE".formatted(backup.name());
    events.normal(step.resource(), "BackupAvailable", message + " (" + backup.arn() + ")");
    ScheduleState state =
        step.state()
            .with(
                s -> {
                  s.lastBackup = s.lastBackup.withPhase(BackupPhase.AVAILABLE);
                  s.lastSuccessfulTime = step.now();
                  s.consecutiveFailures = 0;
                });
    // retention runs now that the newest backup is AVAILABLE: the reconcile's next part
    return step.with(state).reporting(ReadyReason.SCHEDULED, message).withPruneDue(true);
  }

  private Step failed(Step step, SlotRecord record, String message) {
    events.warning(step.resource(), "BackupFailed", message);
    metrics.backupFailed(step.metricsKey(), ReadyReason.BACKUP_FAILED.reason());
    ScheduleState state =
        step.state()
            .with(
                s -> {
                  s.lastBackup = record;
                  s.consecutiveFailures++;
                });
    return step.with(state).reporting(ReadyReason.BACKUP_FAILED, message);
  }
}
