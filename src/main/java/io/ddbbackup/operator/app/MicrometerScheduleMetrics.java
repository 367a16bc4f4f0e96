package io.ddbbackup.operator.app;

import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics;
import io.ddbbackup.operator.reconciler.schedule.VerifySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-schedule series, labelled namespace, name and table. Gauges read the last observed state when
 * scraped; {@code ddbbackup_schedule_overdue} is computed then, because between slots nothing
 * reconciles and a backup that silently stopped must still show.
 */
final class MicrometerScheduleMetrics implements ScheduleMetrics {

  /** What the last reconcile of the schedule with this key saw. */
  private record State(Key key, Observation seen) {}

  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration overdueGrace;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** The off-site recovery point of each exporting schedule, as last told. */
  private record Offsite(Instant through, Instant since, Duration allowed) {}

  private final Map<String, Offsite> offsite = new ConcurrentHashMap<>();

  MicrometerScheduleMetrics(MeterRegistry registry, Clock clock, Duration overdueGrace) {
    this.registry = registry;
    this.clock = clock;
    this.overdueGrace = overdueGrace;
  }

  @Override
  public void observed(Key key, Observation seen) {
    put(new State(key, seen));
  }

  @Override
  public void invalid(Key key) {
    State previous = states.get(id(key.namespace(), key.name()));
    boolean same = previous != null && previous.key.equals(key);
    put(
        new State(
            key,
            new Observation(
                null,
                false,
                null,
                same ? previous.seen.lastSuccess() : null,
                null,
                same ? previous.seen.backupCount() : null,
                false,
                same ? previous.seen.lastVerified() : null,
                null,
                same ? previous.seen.recovery() : null,
                same ? previous.seen.lastChainVerified() : null,
                null)));
  }

  private void put(State state) {
    String id = id(state.key.namespace(), state.key.name());
    State previous = states.put(id, state);
    if (previous != null && !previous.key.equals(state.key)) {
      // the table changed: the old series describe a schedule that no longer exists
      removeMeters(state.key.namespace(), state.key.name(), state.key.table());
    }
    if (previous == null || !previous.key.equals(state.key)) {
      registerGauges(id, state.key);
    }
  }

  private void registerGauges(String id, Key key) {
    Tags tags = tags(key);
    gauge(
        "ddbbackup.schedule.last.success.timestamp",
        "seconds",
        id,
        tags,
        "When the newest backup of the schedule was seen AVAILABLE (Unix time)",
        s -> epochSeconds(s.seen.lastSuccess()));
    gauge(
        "ddbbackup.schedule.next.slot.timestamp",
        "seconds",
        id,
        tags,
        "The schedule's next slot (Unix time); NaN while suspended or invalid",
        s -> epochSeconds(s.seen.nextSlot()));
    gauge(
        "ddbbackup.schedule.backups",
        null,
        id,
        tags,
        "Backups the schedule owns, counted after its last backup",
        s -> s.seen.backupCount() == null ? Double.NaN : s.seen.backupCount());
    gauge(
        "ddbbackup.schedule.ready",
        null,
        id,
        tags,
        "1 when the schedule's Ready condition is True",
        s -> s.seen.ready() ? 1 : 0);
    gauge(
        "ddbbackup.schedule.overdue",
        null,
        id,
        tags,
        "1 when the newest slot older than the grace period has no AVAILABLE backup",
        this::overdue);
    registerDrillGauges(id, tags);
    registerRecoveryGauges(id, tags);
  }

  /** The recovery posture: how old the newest recovery point is, what backups hold, PITR. */
  private void registerRecoveryGauges(String id, Tags tags) {
    gauge(
        "ddbbackup.recovery.point.age",
        "seconds",
        id,
        tags,
        "Age of the newest recovery point: the later of point-in-time recovery's latest"
            + " restorable time (as last checked) and the newest AVAILABLE backup; since creation"
            + " when there is none",
        s -> RecoveryGauges.age(s.seen, clock.instant()));
    gauge(
        "ddbbackup.recovery.point.age.limit",
        "seconds",
        id,
        tags,
        "The age the newest recovery point may have now: time since the newest slot older than"
            + " the overdue grace; NaN while suspended or before the first such slot",
        s -> RecoveryGauges.ageLimit(s.seen, clock.instant(), overdueGrace));
    registerRetainedAndPitrGauges(id, tags);
  }

  /** What the owned backups hold, and point-in-time recovery as wanted and as found. */
  private void registerRetainedAndPitrGauges(String id, Tags tags) {
    gauge(
        "ddbbackup.schedule.retained",
        "bytes",
        id,
        tags,
        "Sizes of the backups the schedule owns, summed (BackupSizeBytes), counted after its"
            + " last backup",
        s -> {
          Long bytes = s.seen.recovery().retainedBytes();
          return bytes == null ? Double.NaN : bytes;
        });
    gauge(
        "ddbbackup.pitr.enabled",
        null,
        id,
        tags,
        "1 when the table's point-in-time recovery was on when last checked, 0 when off; NaN"
            + " when spec.pointInTimeRecovery is absent",
        s -> RecoveryGauges.bit(s.seen.recovery().pitrEnabled()));
    gauge(
        "ddbbackup.pitr.wanted",
        null,
        id,
        tags,
        "spec.pointInTimeRecovery.enabled as 1 or 0; NaN when absent",
        s -> RecoveryGauges.bit(s.seen.recovery().pitrWanted()));
  }

  /** The restore drills' gauges: how long since one passed, and how often they run. */
  private void registerDrillGauges(String id, Tags tags) {
    String help =
        "Time since a restore drill of the source (backup or export) last passed (since creation"
            + " when none has); NaN when spec.verify does not drill that source";
    gauge(
        "ddbbackup.schedule.verified.age",
        "seconds",
        id,
        tags.and("source", "backup"),
        help,
        s -> verifiedAge(s, VerifySettings.Source.BACKUP, s.seen.lastVerified()));
    gauge(
        "ddbbackup.schedule.verified.age",
        "seconds",
        id,
        tags.and("source", "export"),
        help,
        s -> verifiedAge(s, VerifySettings.Source.EXPORT, s.seen.lastChainVerified()));
    gauge(
        "ddbbackup.schedule.verify.period",
        "seconds",
        id,
        tags,
        "Time between two restore drill slots; NaN without spec.verify",
        s ->
            s.seen.verifyPeriod() == null ? Double.NaN : s.seen.verifyPeriod().toMillis() / 1000.0);
  }

  private void gauge(
      String name, String unit, String id, Tags tags, String help, ToDoubleFunction<State> value) {
    Gauge.builder(
            name,
            states,
            all -> {
              State s = all.get(id);
              return s == null ? Double.NaN : value.applyAsDouble(s);
            })
        .baseUnit(unit)
        .description(help)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private double overdue(State state) {
    Observation s = state.seen;
    if (s.cron() == null || s.suspended()) {
      return 0;
    }
    Instant graceEnd = clock.instant().minus(overdueGrace);
    Instant due = s.cron().latestAtOrBefore(graceEnd).orElse(null);
    if (due == null || (s.createdAt() != null && !due.isAfter(s.createdAt()))) {
      return 0;
    }
    return s.lastSuccess() == null || s.lastSuccess().isBefore(due) ? 1 : 0;
  }

  /**
   * Computed when scraped: nothing reconciles between drill slots. NaN unless spec.verify drills
   * {@code source} (backup or export; both drills both).
   */
  private double verifiedAge(State state, VerifySettings.Source source, Instant lastPassed) {
    Observation s = state.seen;
    VerifySettings.Source drilled = s.verifySource();
    if (drilled == null || (drilled != source && drilled != VerifySettings.Source.BOTH)) {
      return Double.NaN;
    }
    Instant since = lastPassed != null ? lastPassed : s.createdAt();
    return since == null ? Double.NaN : (clock.millis() - since.toEpochMilli()) / 1000.0;
  }

  @Override
  public void drillFinished(Key key, String source, String result, Long restoreSeconds) {
    counter(
            "ddbbackup.drills",
            "Restore drills that ended, by what they restored and result",
            tags(key).and("source", source).and("result", result))
        .increment();
    if (restoreSeconds != null) {
      io.micrometer.core.instrument.DistributionSummary.builder("ddbbackup.drill.restore")
          .baseUnit("seconds")
          .description("Measured time to restore of each restore drill")
          .tags(tags(key).and("source", source))
          .register(registry)
          .record(restoreSeconds);
    }
  }

  @Override
  public void backupCreated(Key key) {
    // not "ddbbackup_backups_created": the Prometheus client reserves the _created suffix and
    // would silently rename the series
    counter("ddbbackup.backups.taken", "Backups created (or adopted) by schedules", tags(key))
        .increment();
  }

  @Override
  public void backupFailed(Key key, String reason) {
    counter(
            "ddbbackup.backups.failed",
            "Failed backup attempts, by the Ready reason they set",
            tags(key).and("reason", reason))
        .increment();
  }

  @Override
  public void backupsPruned(Key key, int count) {
    counter("ddbbackup.backups.pruned", "Backups deleted by retention", tags(key)).increment(count);
  }

  @Override
  public void slotsMissed(Key key, long count) {
    counter("ddbbackup.slots.missed", "Slots that passed without a backup of their own", tags(key))
        .increment(count);
  }

  @Override
  public void offsitePoint(Key key, Instant gapFreeThrough, Instant since, Duration allowedAge) {
    String id = id(key.namespace(), key.name());
    if (since == null) {
      offsite.remove(id); // the gauges read NaN; forget() removes them with the schedule
      return;
    }
    if (offsite.put(id, new Offsite(gapFreeThrough, since, allowedAge)) == null) {
      Tags tags = tags(key);
      Gauge.builder("ddbbackup.offsite.point.age", offsite, all -> offsiteAge(all.get(id)))
          .baseUnit("seconds")
          .description(
              "Age of the off-site recovery point: every change up to it is in the export bucket"
                  + " (status.export.gapFreeThrough); since exporting began when none is yet; NaN"
                  + " without spec.export")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder(
              "ddbbackup.offsite.point.age.limit",
              offsite,
              all -> {
                Offsite o = all.get(id);
                return o == null || o.allowed() == null ? Double.NaN : o.allowed().toSeconds();
              })
          .baseUnit("seconds")
          .description(
              "The age the off-site recovery point may reach: two export periods (the incremental"
                  + " period, else the time between full exports); NaN without spec.export")
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }
  }

  private double offsiteAge(Offsite o) {
    if (o == null) {
      return Double.NaN;
    }
    Instant point = o.through() != null ? o.through() : o.since();
    return (clock.millis() - point.toEpochMilli()) / 1000.0;
  }

  @Override
  public void exportFinished(Key key, ExportKind kind, String result, Long billedBytes) {
    counter(
            "ddbbackup.exports",
            "Exports to S3 that ended, by kind (FULL, INCREMENTAL) and result (Completed, Failed,"
                + " Abandoned)",
            tags(key).and("kind", kind.name(), "result", result))
        .increment();
    if (billedBytes != null) {
      Counter.builder("ddbbackup.export.billed")
          .baseUnit("bytes")
          .description("Bytes DynamoDB billed for the completed exports")
          .tags(tags(key).and("kind", kind.name()))
          .register(registry)
          .increment(billedBytes);
    }
  }

  @Override
  public void exportGap(Key key) {
    counter(
            "ddbbackup.export.gaps",
            "Gaps in a chain of exports: changes that left point-in-time recovery before they were"
                + " exported and will never be in the bucket",
            tags(key))
        .increment();
  }

  @Override
  public void forget(String namespace, String name) {
    offsite.remove(id(namespace, name));
    State gone = states.remove(id(namespace, name));
    if (gone != null) {
      removeMeters(namespace, name, null);
    }
  }

  private void removeMeters(String namespace, String name, String keepTable) {
    for (Meter meter : registry.getMeters()) {
      var id = meter.getId();
      if (namespace.equals(id.getTag("namespace"))
          && name.equals(id.getTag("name"))
          && id.getName().startsWith("ddbbackup.")
          && (keepTable == null || !keepTable.equals(id.getTag("table")))) {
        registry.remove(meter);
      }
    }
  }

  private Counter counter(String name, String help, Tags tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }

  private static Tags tags(Key key) {
    return Tags.of("namespace", key.namespace(), "name", key.name(), "table", key.table());
  }

  private static String id(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static double epochSeconds(Instant instant) {
    return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
  }
}
