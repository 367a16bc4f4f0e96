package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.aws.BackupStore;
import io.ddbbackup.operator.aws.BackupStoreException;
import io.ddbbackup.operator.aws.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.retention.PruneDecision;
import io.ddbbackup.operator.retention.Retention;
import io.ddbbackup.operator.schedule.SlotDecision;
import io.ddbbackup.operator.schedule.SlotPlanner;
import io.ddbbackup.operator.schedule.SlotState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of a valid schedule: finish the backup in flight, then start the one that is due,
 * then prune. Returns when to be woken next.
 *
 * <p>Exactly once per slot: CreateBackup has no idempotency token and DynamoDB does not require
 * unique names, so the slot and its deterministic name are written to status before CreateBackup is
 * called. A later reconcile that finds a recorded name without an ARN cannot know whether the call
 * went through, so it looks the name up (ListBackups bounded to the slot's window) and adopts what
 * it finds; only when nothing is there does it create.
 *
 * <p>Two status writes per backup: the slot record (written before CreateBackup, already saying
 * CREATING and BackingUp) and the outcome. What CreateBackup returns while the backup is still
 * CREATING (its ARN, createdCount) is kept in memory, keyed by the schedule's uid, until
 * DescribeBackup reports the outcome; if the process dies meanwhile, the recorded name without an
 * ARN is resolved by the adoption path above, as after any crash between the two writes.
 */
final class BackupCycle {

  private static final Logger LOG = LoggerFactory.getLogger(BackupCycle.class);

  /** How far around a slot to look for a backup whose ARN was never recorded (clock skew). */
  private static final Duration LOOKUP_MARGIN = Duration.ofMinutes(5);

  private final BackupStore store;
  private final ScheduleResources resources;
  private final ScheduleEvents events;
  private final Clock clock;
  private final Backoff backoff;
  private final ScheduleMetrics metrics;

  /**
   * Per schedule uid: the status of a backup still CREATING, or AVAILABLE but not yet pruned
   * because the ListBackups/DeleteBackup queue was busy, not yet written (class comment).
   */
  private final Map<String, Held> unwritten = new ConcurrentHashMap<>();

  private record Held(DynamoDBBackupScheduleStatus status, boolean pruneDue) {}

  /**
   * Per schedule uid: the resourceVersion our last status write got. While the informer cache shows
   * exactly that version it is not behind our own writes, so acting needs no fresh read (anything
   * newer that the cache has not seen yet makes our next write fail with 409).
   */
  private final Map<String, String> lastWritten = new ConcurrentHashMap<>();

  BackupCycle(
      BackupStore store,
      ScheduleResources resources,
      ScheduleEvents events,
      Clock clock,
      Backoff backoff,
      ScheduleMetrics metrics) {
    this.store = store;
    this.resources = resources;
    this.events = events;
    this.clock = clock;
    this.backoff = backoff;
    this.metrics = metrics;
  }

  /** The state one run works on; {@code resource} is replaced after each status write. */
  private final class Run {
    DynamoDBBackupSchedule resource;
    final ScheduleSettings settings;
    final DynamoDBBackupScheduleStatus status;
    final Instant now;

    /** When to be woken, as an instant: the delay is taken only when the run is over. */
    Instant wakeAt;

    /** What this run did to the Ready condition; null when nothing happened worth reporting. */
    Ready ready;

    /** The new backup is AVAILABLE but its pruning waits for the rate limit queue. */
    boolean pruneDue;

    /** A call was not made because its rate limit queue was busy: nothing else happened. */
    boolean queued;

    String message;

    Run(
        DynamoDBBackupSchedule resource,
        ScheduleSettings settings,
        DynamoDBBackupScheduleStatus status,
        Instant now) {
      this.resource = resource;
      this.settings = settings;
      this.status = status;
      this.now = now;
    }

    /** {@code delay} from the moment of asking, not from {@link #now}. */
    void wakeWithin(Duration delay) {
      wakeBy(clock.instant().plus(delay));
    }

    void wakeBy(Instant at) {
      wakeAt = wakeAt == null || at.isBefore(wakeAt) ? at : wakeAt;
    }
  }

  Optional<Duration> run(DynamoDBBackupSchedule cached, ScheduleSettings settings) {
    Instant now = clock.instant();
    DynamoDBBackupSchedule resource = cached;
    if (!cacheHoldsOurLastWrite(cached) && mayAct(cached, settings, now)) {
      // the informer cache may lag our own last write; act only on what the API server holds
      resource = resources.fresh(cached);
      if (resource == null) {
        return Optional.empty();
      }
    }
    Held held = resume(resource);
    Run run = new Run(resource, settings, held.status(), now);
    run.status.setObservedGeneration(resource.getMetadata().getGeneration());
    try {
      if (held.pruneDue()) {
        prune(run);
      } else if (isPending(run.status)) {
        resolvePending(run);
      } else if (isCreating(run.status)) {
        follow(run);
      }
      if (!isPending(run.status) && !isCreating(run.status) && !run.pruneDue) {
        startDueBackup(run);
      }
    } catch (BackupStoreException e) {
      if (e.failure() == Failure.QUEUED) {
        // our own rate limit queue is long: give the thread back and come back in turn
        run.queued = true;
        run.wakeWithin(e.retryAfter());
      } else {
        fail(run, e);
      }
    }
    finish(run);
    return Optional.ofNullable(run.wakeAt).map(this::delayUntil);
  }

  /**
   * The status to work from: what the API server holds, or, while a backup created by this process
   * is CREATING, the unwritten status that carries its ARN, as long as the written one is still
   * that backup's slot record.
   */
  private Held resume(DynamoDBBackupSchedule resource) {
    DynamoDBBackupScheduleStatus written = ScheduleResources.copy(resource.getStatus());
    Held held = unwritten.get(uid(resource));
    if (held != null
        && isPending(written)
        && Objects.equals(held.status().getLastBackupName(), written.getLastBackupName())) {
      return new Held(ScheduleResources.copy(held.status()), held.pruneDue());
    }
    unwritten.remove(uid(resource));
    return new Held(written, false);
  }

  /** True when the cached resource is the one our last status write produced. */
  private boolean cacheHoldsOurLastWrite(DynamoDBBackupSchedule cached) {
    String version = cached.getMetadata().getResourceVersion();
    return version != null && version.equals(lastWritten.get(uid(cached)));
  }

  private DynamoDBBackupSchedule write(Run run) {
    DynamoDBBackupSchedule written = resources.writeStatus(run.resource, run.status);
    if (written != run.resource && written.getMetadata().getResourceVersion() != null) {
      lastWritten.put(uid(written), written.getMetadata().getResourceVersion());
    }
    return written;
  }

  /** The schedule is gone: forget what was held for it. */
  void forget(DynamoDBBackupSchedule resource) {
    unwritten.remove(uid(resource));
    lastWritten.remove(uid(resource));
  }

  /** True when this reconcile may call AWS or record a slot, so it must see fresh state. */
  private boolean mayAct(DynamoDBBackupSchedule r, ScheduleSettings settings, Instant now) {
    DynamoDBBackupScheduleStatus s = r.getStatus();
    if (s != null && (isPending(s) || isCreating(s))) {
      return true;
    }
    return manualTrigger(r, s).isPresent()
        || plan(r, s, settings, now).action() != SlotDecision.Action.NONE;
  }

  // ---- the backup in flight ----

  private void resolvePending(Run run) {
    DynamoDBBackupScheduleStatus s = run.status;
    String name = s.getLastBackupName();
    Instant slot = run.settings.names().slotOf(name).orElse(run.now);
    List<Backup> found =
        store.list(run.settings.target(), slot.minus(LOOKUP_MARGIN), run.now.plus(LOOKUP_MARGIN));
    Optional<Backup> mine = found.stream().filter(b -> b.name().equals(name)).findFirst();
    if (mine.isPresent()) {
      LOG.info(
          "adopting backup {} ({}) whose ARN was not recorded for {}",
          name,
          mine.get().arn(),
          key(run));
      recordCreated(run, mine.get(), "Adopted");
      return;
    }
    if (isScheduledSlot(run) && (pastDeadline(run, slot) || newerSlotDue(run))) {
      s.setLastBackupStatus(BackupStatus.FAILED.name());
      s.setMissedCount(orZero(s.getMissedCount()) + 1);
      metrics.slotsMissed(metricsKey(run), 1);
      events.warning(
          run.resource,
          "SlotSkipped",
          "Gave up backup %s of slot %s: it could not be created before %s"
              .formatted(
                  name,
                  Times.format(slot),
                  pastDeadline(run, slot) ? "its starting deadline" : "a newer slot came due"));
      return;
    }
    create(run, name);
  }

  private void create(Run run, String name) {
    Backup created = store.create(run.settings.target(), name);
    CrashPoints.reached(CrashPoints.AFTER_CREATE_BACKUP);
    recordCreated(run, created, "BackupCreated");
  }

  private void recordCreated(Run run, Backup backup, String reason) {
    DynamoDBBackupScheduleStatus s = run.status;
    s.setLastBackupArn(backup.arn());
    s.setLastBackupStatus(backup.status().name());
    s.setCreatedCount(orZero(s.getCreatedCount()) + 1);
    s.setConsecutiveFailures(0);
    metrics.backupCreated(metricsKey(run));
    LOG.info(
        "backup {} of table {} {} for {} ({})",
        backup.name(),
        run.settings.tableName(),
        reason.equals("Adopted") ? "adopted" : "created",
        key(run),
        backup.arn());
    events.normal(
        run.resource,
        reason,
        "%s backup %s of table %s (%s)"
            .formatted(
                reason.equals("Adopted") ? "Adopted" : "Created",
                backup.name(),
                run.settings.tableName(),
                backup.arn()));
    if (backup.isAvailable()) {
      completed(run, backup);
    } else {
      run.ready = Ready.BACKING_UP;
      run.message = "Backup %s is %s".formatted(backup.name(), backup.status());
      run.wakeWithin(backoff.follow(Duration.ZERO));
    }
  }

  private void follow(Run run) {
    DynamoDBBackupScheduleStatus s = run.status;
    Backup backup;
    try {
      backup = store.describe(run.settings.target(), s.getLastBackupArn());
    } catch (BackupStoreException e) {
      if (e.failure() != Failure.BACKUP_NOT_FOUND) {
        throw e;
      }
      s.setLastBackupStatus(BackupStatus.FAILED.name());
      s.setConsecutiveFailures(orZero(s.getConsecutiveFailures()) + 1);
      run.ready = Ready.BACKUP_FAILED;
      run.message =
          "Backup %s disappeared while it was being created".formatted(s.getLastBackupName());
      events.warning(run.resource, "BackupFailed", run.message);
      metrics.backupFailed(metricsKey(run), run.ready.reason);
      return;
    }
    if (backup.isAvailable()) {
      completed(run, backup);
    } else if (backup.status() == BackupStatus.CREATING) {
      s.setLastBackupStatus(backup.status().name());
      run.ready = Ready.BACKING_UP;
      run.message = "Backup %s is CREATING".formatted(backup.name());
      run.wakeWithin(backoff.follow(Duration.between(backup.createdAt(), run.now)));
    } else {
      s.setLastBackupStatus(backup.status().name());
      s.setConsecutiveFailures(orZero(s.getConsecutiveFailures()) + 1);
      run.ready = Ready.BACKUP_FAILED;
      run.message = "Backup %s ended %s".formatted(backup.name(), backup.status());
      events.warning(run.resource, "BackupFailed", run.message);
      metrics.backupFailed(metricsKey(run), run.ready.reason);
    }
  }

  private void completed(Run run, Backup backup) {
    DynamoDBBackupScheduleStatus s = run.status;
    s.setLastBackupStatus(BackupStatus.AVAILABLE.name());
    s.setLastSuccessfulTime(Times.format(run.now));
    s.setConsecutiveFailures(0);
    run.ready = Ready.SCHEDULED;
    run.message = "Backup %s is AVAILABLE".formatted(backup.name());
    events.normal(run.resource, "BackupAvailable", run.message + " (" + backup.arn() + ")");
    prune(run);
  }

  // ---- retention ----

  private void prune(Run run) {
    ScheduleSettings settings = run.settings;
    // set until the prune is done: a busy ListBackups/DeleteBackup queue leaves it for later
    run.pruneDue = true;
    List<Backup> listed = store.list(settings.target(), null, null);
    PruneDecision decision =
        Retention.decide(
            settings.retention(),
            settings.names(),
            settings.tableName(),
            listed,
            settings.cron().zone(),
            run.now);
    int remaining = decision.owned().size();
    if (decision.blockedBy() != null) {
      LOG.info("not pruning {}: {}", key(run), decision.blockedBy());
    } else {
      for (Backup victim : decision.prune()) {
        try {
          store.delete(settings.target(), victim.arn());
          CrashPoints.reached(CrashPoints.MID_PRUNE);
          remaining--;
          run.status.setPrunedCount(orZero(run.status.getPrunedCount()) + 1);
          LOG.info(
              "pruned backup {} of table {} for {} ({})",
              victim.name(),
              settings.tableName(),
              key(run),
              victim.arn());
          events.normal(
              run.resource,
              "BackupPruned",
              "Deleted backup %s (%s) by retention".formatted(victim.name(), victim.arn()));
        } catch (BackupStoreException e) {
          if (e.failure() == Failure.BACKUP_NOT_FOUND) {
            remaining--;
          } else if (e.failure() == Failure.BACKUP_IN_USE) {
            // DynamoDB is busy with it (e.g. a restore); the next successful backup retries
            LOG.info("backup {} is in use, pruning it later", victim.name());
          } else {
            throw e;
          }
        }
      }
    }
    run.status.setBackupCount(remaining);
    run.pruneDue = false;
    int pruned = decision.owned().size() - remaining;
    if (pruned > 0) {
      metrics.backupsPruned(metricsKey(run), pruned);
    }
  }

  // ---- starting a backup ----

  private void startDueBackup(Run run) {
    DynamoDBBackupScheduleStatus s = run.status;
    Optional<String> manual = manualTrigger(run.resource, s);
    if (manual.isPresent()) {
      s.setLastManualTrigger(manual.get());
      start(run, run.settings.names().forSlot(run.now), "manual trigger " + manual.get());
      return;
    }
    SlotDecision decision = plan(run.resource, s, run.settings, run.now);
    switch (decision.action()) {
      case BACK_UP -> {
        s.setLastScheduleTime(Times.format(decision.slot()));
        s.setMissedCount(orZero(s.getMissedCount()) + decision.missed());
        if (decision.missed() > 0) {
          metrics.slotsMissed(metricsKey(run), decision.missed());
          events.warning(
              run.resource,
              "SlotsMissed",
              "%d slot(s) before %s passed without a backup; backing up the newest only"
                  .formatted(decision.missed(), Times.format(decision.slot())));
        }
        start(run, run.settings.names().forSlot(decision.slot()), "slot " + decision.slot());
      }
      case SKIP_PAST_DEADLINE -> {
        s.setLastScheduleTime(Times.format(decision.slot()));
        s.setMissedCount(orZero(s.getMissedCount()) + decision.missed());
        metrics.slotsMissed(metricsKey(run), decision.missed());
        events.warning(
            run.resource,
            "SlotSkipped",
            "Slot %s was noticed %ds after its time, past startingDeadlineSeconds=%d; skipped"
                .formatted(
                    Times.format(decision.slot()),
                    Duration.between(decision.slot(), run.now).toSeconds(),
                    run.settings.startingDeadlineSeconds()));
      }
      case NONE -> {}
    }
  }

  private void start(Run run, String name, String why) {
    DynamoDBBackupScheduleStatus s = run.status;
    if (name.equals(s.getLastBackupName())
        && !BackupStatus.FAILED.name().equals(s.getLastBackupStatus())) {
      // two triggers in the same second share one deterministic name: one backup serves both
      return;
    }
    s.setLastBackupName(name);
    s.setLastBackupArn(null);
    // CREATING without an ARN: the slot is recorded and CreateBackup is under way. Saying so now,
    // with the next slot, lets this record stand until the outcome (see the class comment).
    s.setLastBackupStatus(BackupStatus.CREATING.name());
    s.setNextScheduleTime(Times.format(plan(run.resource, s, run.settings, run.now).nextSlot()));
    Conditions.setReady(
        s.getConditions(),
        Ready.BACKING_UP,
        "Backup %s is CREATING".formatted(name),
        run.resource.getMetadata().getGeneration(),
        run.now);
    // recorded before CreateBackup: see the class comment
    run.resource = write(run);
    CrashPoints.reached(CrashPoints.AFTER_SLOT_RECORDED);
    LOG.info(
        "creating backup {} of table {} for {} ({})",
        name,
        run.settings.tableName(),
        key(run),
        why);
    create(run, name);
  }

  // ---- outcome ----

  private void fail(Run run, BackupStoreException e) {
    DynamoDBBackupScheduleStatus s = run.status;
    // a failure is written at once; an unfinished prune is retried after the next backup
    run.pruneDue = false;
    int failures = orZero(s.getConsecutiveFailures()) + 1;
    s.setConsecutiveFailures(failures);
    run.ready = Ready.of(e.failure());
    run.message = e.getMessage();
    LOG.warn(
        "AWS call failed for {} (table {}): {}",
        key(run),
        run.settings.tableName(),
        e.getMessage());
    events.warning(run.resource, run.ready.reason, e.getMessage());
    metrics.backupFailed(metricsKey(run), run.ready.reason);
    run.wakeWithin(backoff.failure(failures, e.failure().isTransient()));
  }

  private void finish(Run run) {
    DynamoDBBackupScheduleStatus s = run.status;
    SlotDecision next = plan(run.resource, s, run.settings, run.now);
    s.setNextScheduleTime(Times.format(next.nextSlot()));
    if (next.nextSlot() != null) {
      // an instant, turned into a delay only when the run is over: a run that spent a second on
      // AWS and status writes would otherwise wake a second after the slot
      run.wakeBy(next.nextSlot());
    }
    if (next.action() != SlotDecision.Action.NONE && !isPending(s) && !isCreating(s)) {
      // a slot is due but could not be started (a failure above): come back after a backoff
      run.wakeWithin(backoff.failure(Math.max(1, orZero(s.getConsecutiveFailures())), true));
    }
    Long generation = run.resource.getMetadata().getGeneration();
    var current = Conditions.ready(s.getConditions());
    Ready idle = run.settings.suspend() ? Ready.SUSPENDED : Ready.SCHEDULED;
    if (run.queued && run.ready == null) {
      // nothing happened: a call waits for its turn in the rate limit queue
    } else if (run.ready == null
        && current != null
        && Objects.equals(generation, current.getObservedGeneration())
        && ((orZero(s.getConsecutiveFailures()) > 0 && "False".equals(current.getStatus()))
            || idle.reason.equals(current.getReason()))) {
      // nothing happened in this run: the condition already tells the news, leave it be
      run.ready = null;
    } else if (run.ready == null || run.ready == Ready.SCHEDULED) {
      String outlook =
          idle == Ready.SUSPENDED
              ? "suspended: no scheduled backups until spec.suspend is false"
              : next.nextSlot() == null
                  ? "the schedule has no further slots"
                  : "next backup at " + Times.format(next.nextSlot());
      run.message = run.message == null ? capitalize(outlook) : run.message + "; " + outlook;
      run.ready = idle;
    }
    if (run.ready != null) {
      Conditions.setReady(
          s.getConditions(),
          run.ready,
          run.message,
          run.resource.getMetadata().getGeneration(),
          run.now);
    }
    if (holdsUnwritten(run)) {
      unwritten.put(uid(run.resource), new Held(ScheduleResources.copy(s), run.pruneDue));
    } else {
      unwritten.remove(uid(run.resource));
      run.resource = write(run);
    }
    var finalReady = Conditions.ready(s.getConditions());
    metrics.observed(
        metricsKey(run),
        run.settings.cron(),
        run.settings.suspend(),
        Times.parse(run.resource.getMetadata().getCreationTimestamp()),
        Times.parse(s.getLastSuccessfulTime()),
        next.nextSlot(),
        s.getBackupCount(),
        finalReady != null && "True".equals(finalReady.getStatus()));
  }

  // ---- helpers ----

  /**
   * The delay from now until {@code at}, rounded up to the millisecond that JOSDK's timer counts
   * in: rounded down, the timer would fire just before a slot, find nothing due and go round again.
   */
  private Duration delayUntil(Instant at) {
    Duration delay = Duration.between(clock.instant(), at);
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    long millis = delay.toMillis();
    return Duration.ofMillis(delay.equals(Duration.ofMillis(millis)) ? millis : millis + 1);
  }

  /**
   * True when the only news of this run is a backup still CREATING, whose slot record on the API
   * server already says so: its ARN (and createdCount) wait in memory for the outcome. Anything
   * else, a failure or a recovery from one, is written.
   */
  private static boolean holdsUnwritten(Run run) {
    DynamoDBBackupScheduleStatus written = run.resource.getStatus();
    if (written == null
        || !isPending(written)
        || !Objects.equals(written.getLastBackupName(), run.status.getLastBackupName())) {
      return false;
    }
    if (run.pruneDue) {
      // AVAILABLE, waiting for a ListBackups/DeleteBackup permit: written with the prune's result
      return true;
    }
    if ((run.ready != Ready.BACKING_UP && !run.queued) || !isCreating(run.status)) {
      return false;
    }
    DynamoDBBackupScheduleStatus withoutNews = ScheduleResources.copy(run.status);
    withoutNews.setLastBackupArn(null);
    withoutNews.setCreatedCount(written.getCreatedCount());
    if (orZero(written.getConsecutiveFailures()) == 0) {
      // CreateBackup succeeding resets a count that was unset: no news either
      withoutNews.setConsecutiveFailures(written.getConsecutiveFailures());
    }
    return withoutNews.equals(written);
  }

  private static String uid(DynamoDBBackupSchedule resource) {
    var meta = resource.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private SlotDecision plan(
      DynamoDBBackupSchedule r,
      DynamoDBBackupScheduleStatus s,
      ScheduleSettings settings,
      Instant now) {
    Instant created = Times.parse(r.getMetadata().getCreationTimestamp());
    return SlotPlanner.plan(
        settings.cron(),
        new SlotState(
            s == null ? null : Times.parse(s.getLastScheduleTime()),
            created == null ? now : created,
            settings.suspend(),
            // suspend wins over immediate: the first backup waits until the schedule is resumed
            settings.immediate()
                && !settings.suspend()
                && (s == null || s.getLastBackupName() == null),
            settings.startingDeadlineSeconds()),
        now);
  }

  private static Optional<String> manualTrigger(
      DynamoDBBackupSchedule r, DynamoDBBackupScheduleStatus s) {
    var annotations = r.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String last = s == null ? null : s.getLastManualTrigger();
    return value.equals(last) ? Optional.empty() : Optional.of(value);
  }

  private boolean pastDeadline(Run run, Instant slot) {
    Long deadline = run.settings.startingDeadlineSeconds();
    return deadline != null && Duration.between(slot, run.now).toSeconds() > deadline;
  }

  private boolean newerSlotDue(Run run) {
    Instant recorded = Times.parse(run.status.getLastScheduleTime());
    return recorded != null
        && run.settings.cron().nextAfter(recorded).map(n -> !n.isAfter(run.now)).orElse(false);
  }

  private static boolean isScheduledSlot(Run run) {
    // a manual backup's name carries its trigger time, a scheduled one lastScheduleTime
    Instant recorded = Times.parse(run.status.getLastScheduleTime());
    return recorded != null
        && run.settings.names().forSlot(recorded).equals(run.status.getLastBackupName());
  }

  static boolean isPending(DynamoDBBackupScheduleStatus s) {
    return s.getLastBackupName() != null
        && s.getLastBackupArn() == null
        && !BackupStatus.FAILED.name().equals(s.getLastBackupStatus());
  }

  static boolean isCreating(DynamoDBBackupScheduleStatus s) {
    return s.getLastBackupArn() != null
        && BackupStatus.CREATING.name().equals(s.getLastBackupStatus());
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static ScheduleMetrics.Key metricsKey(Run run) {
    var meta = run.resource.getMetadata();
    return new ScheduleMetrics.Key(meta.getNamespace(), meta.getName(), run.settings.tableName());
  }

  private static String key(Run run) {
    return run.resource.getMetadata().getNamespace() + "/" + run.resource.getMetadata().getName();
  }
}
