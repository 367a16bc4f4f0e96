package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics;
import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The production metrics, plus what the benchmark needs from the same hook: when the first
 * reconcile of a valid schedule finished, how many schedules have a next slot planned, and how
 * many reconciles ran.
 */
final class ObservedSchedules implements ScheduleMetrics {

  private final ScheduleMetrics delegate;
  private final AtomicLong firstNanos = new AtomicLong();
  private final Set<String> planned = ConcurrentHashMap.newKeySet();
  private final LongAdder reconciles = new LongAdder();
  private volatile long allPlannedNanos;
  private volatile int expected = Integer.MAX_VALUE;

  ObservedSchedules(ScheduleMetrics delegate) {
    this.delegate = delegate;
  }

  void expect(int schedules) {
    this.expected = schedules;
  }

  @Override
  public void observed(Key key, Observation seen) {
    delegate.observed(key, seen);
    reconciles.increment();
    long now = System.nanoTime();
    firstNanos.compareAndSet(0, now);
    if (seen.nextSlot() != null && planned.add(key.namespace() + "/" + key.name())) {
      if (planned.size() >= expected && allPlannedNanos == 0) {
        allPlannedNanos = now;
      }
    }
  }

  long firstReconcileNanos() {
    return firstNanos.get();
  }

  long allPlannedNanos() {
    return allPlannedNanos;
  }

  int planned() {
    return planned.size();
  }

  long reconciles() {
    return reconciles.sum();
  }

  void resetReconciles() {
    reconciles.reset();
  }

  @Override
  public void invalid(Key key) {
    delegate.invalid(key);
  }

  @Override
  public void backupCreated(Key key) {
    delegate.backupCreated(key);
  }

  @Override
  public void backupFailed(Key key, String reason) {
    delegate.backupFailed(key, reason);
  }

  @Override
  public void backupsPruned(Key key, int count) {
    delegate.backupsPruned(key, count);
  }

  @Override
  public void slotsMissed(Key key, long count) {
    delegate.slotsMissed(key, count);
  }

  @Override
  public void forget(String namespace, String name) {
    delegate.forget(namespace, name);
  }
}
