package io.ddbbackup.operator.fleet;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.reconciler.schedule.BackupScheduleReconciler;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics;
import io.ddbbackup.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A fleet of schedules run by one reconciler in virtual time: a fake DynamoDB and an in-memory API
 * server, and a queue of wake-ups standing in for JOSDK's timer. Every schedule is reconciled when
 * it asked to be woken, at that moment on the clock, so minutes of slots take milliseconds.
 */
final class FleetUnderTest {

  static final String NAMESPACE = "fleet";

  private record Wake(Instant at, long order, String name) {}

  final MutableClock clock;
  final FakeBackupStore dynamo;
  final InMemoryApiServer api = new InMemoryApiServer();
  final BackupScheduleReconciler reconciler;
  private final PriorityQueue<Wake> wakes =
      new PriorityQueue<>(Comparator.comparing(Wake::at).thenComparing(Wake::order));
  private long order;
  private int reconciles;

  FleetUnderTest(Instant start) {
    this.clock = new MutableClock(start);
    this.dynamo = new FakeBackupStore(clock);
    this.reconciler =
        new BackupScheduleReconciler(
            BackupInventory.onDemand(dynamo, clock),
            dynamo, // the table port: the check of a new spec's table (DescribeTable)
            null, // no drill checker: no restore drills
            api,
            new ResourceEvents(null, clock) {
              @Override
              public void normal(HasMetadata resource, String reason, String message) {}

              @Override
              public void warning(HasMetadata resource, String reason, String message) {}
            },
            clock,
            Backoff.standard(),
            ScheduleMetrics.NONE,
            TenancyPolicy.allowAll(),
            io.ddbbackup.operator.reconciler.Checkpoints.NONE,
            BackupScheduleReconciler.DEFAULT_PITR_CHECK_INTERVAL);
  }

  /** A schedule created now, reconciled at once as the informer would hand it over. */
  void create(String name, String table, String cron, Consumer<DynamoDBBackupScheduleSpec> more) {
    dynamo.addTable(table);
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName(table);
    spec.setSchedule(cron);
    more.accept(spec);
    DynamoDBBackupSchedule schedule = new DynamoDBBackupSchedule();
    schedule.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withUid(UUID.randomUUID().toString())
            .withGeneration(1L)
            .withCreationTimestamp(clock.instant().toString())
            .build());
    schedule.setSpec(spec);
    api.create(schedule);
    wakes.add(new Wake(clock.instant(), order++, name));
  }

  /** Runs every wake-up due up to {@code until}, in order, with the clock at each. */
  void runUntil(Instant until) {
    while (!wakes.isEmpty() && !wakes.peek().at().isAfter(until)) {
      Wake w = wakes.poll();
      if (w.at().isAfter(clock.instant())) {
        clock.set(w.at());
      }
      reconcile(w.name());
    }
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
  }

  /** Reconciles every schedule once more now, as after an informer resync. */
  void resyncAll() {
    for (String name : api.names()) {
      reconcile(name);
    }
  }

  /** The earliest wake-up asked for, if any. */
  Optional<Instant> nextWake() {
    return Optional.ofNullable(wakes.peek()).map(Wake::at);
  }

  int reconciles() {
    return reconciles;
  }

  private void reconcile(String name) {
    reconciles++;
    Optional<Duration> wake = reconciler.reconcile(api.get(name));
    // a schedule has one timer: a newer wake-up replaces the one it had
    wakes.removeIf(w -> w.name().equals(name));
    wake.ifPresent(d -> wakes.add(new Wake(clock.instant().plus(d), order++, name)));
  }
}
