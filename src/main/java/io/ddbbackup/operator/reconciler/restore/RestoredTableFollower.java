package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows the restored table to ACTIVE (DescribeTable with backoff, no busy loop) and records the
 * measured time to restore. DynamoDB refreshes ItemCount and TableSizeBytes about every six hours,
 * so a restore that completed with neither reported looks again every six hours for a day.
 */
final class RestoredTableFollower {

  static final Duration COUNTS_REFRESH = Duration.ofHours(6);
  static final Duration COUNTS_LOOKED_FOR = Duration.ofHours(24);

  private final TableStore tables;
  private final ResourceEvents events;
  private final RestoreMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;

  RestoredTableFollower(
      TableStore tables,
      ResourceEvents events,
      RestoreMetrics metrics,
      Backoff backoff,
      Clock clock) {
    this.tables = tables;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
  }

  RestoreStep follow(RestoreStep step) {
    RestoreState state = step.state();
    if (step.stopped() || state.restoredTableArn() == null) {
      return step;
    }
    try {
      if (state.phase() == RestorePhase.Restoring) {
        return observe(step, tables.describe(step.target()));
      }
      return countsStillDue(step) ? refreshCounts(step) : step;
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
  }

  private RestoreStep observe(RestoreStep step, Optional<Table> described) {
    String name = step.target().table();
    if (described.isEmpty() || !described.get().arn().equals(step.state().restoredTableArn())) {
      return failed(step, "table %s disappeared while it was being restored".formatted(name));
    }
    Table table = described.get();
    if (table.isReady()) {
      return completed(step, table);
    }
    if ("CREATING".equals(table.status()) || "UPDATING".equals(table.status())) {
      Duration age = Duration.between(step.state().startTime(), step.now());
      return step.reporting(
              RestoreReason.RESTORING,
              "Restoring %s into table %s: the table is %s"
                  .formatted(step.state().source(), name, table.status()))
          .wakeWithin(clock.instant(), backoff.follow(age));
    }
    return failed(step, "table %s is %s, not ACTIVE".formatted(name, table.status()));
  }

  private RestoreStep completed(RestoreStep step, Table table) {
    Duration took = Duration.between(step.state().startTime(), step.now());
    RestoreState state =
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Completed;
                  s.completionTime = step.now();
                  s.durationSeconds = Math.max(0, took.toSeconds());
                  s.restoredItemCount = table.itemCount();
                  s.restoredTableSizeBytes = table.sizeBytes();
                  s.restoredTo = table.restore() == null ? null : table.restore().restoredTo();
                  s.consecutiveFailures = 0;
                });
    String message =
        "Restored %s into table %s in %ds"
            .formatted(state.source(), table.name(), state.durationSeconds());
    events.normal(step.resource(), "RestoreCompleted", message + " (" + table.arn() + ")");
    metrics.finished(step.resource().getMetadata().getNamespace(), "Completed", took);
    RestoreStep done = step.with(state).reporting(RestoreReason.COMPLETED, message);
    return countsStillDue(done) ? done.wakeWithin(clock.instant(), COUNTS_REFRESH) : done;
  }

  private RestoreStep failed(RestoreStep step, String message) {
    return step.failedFor(RestoreReason.RESTORE_FAILED, message);
  }

  /** Completed with neither an item count nor a size reported yet, within a day. */
  private static boolean countsStillDue(RestoreStep step) {
    RestoreState s = step.state();
    return s.phase() == RestorePhase.Completed
        && orZero(s.restoredItemCount()) == 0
        && orZero(s.restoredTableSizeBytes()) == 0
        && s.completionTime() != null
        && step.now().isBefore(s.completionTime().plus(COUNTS_LOOKED_FOR));
  }

  private RestoreStep refreshCounts(RestoreStep step) {
    Optional<Table> table = tables.describe(step.target());
    if (table.isEmpty() || !table.get().arn().equals(step.state().restoredTableArn())) {
      return step;
    }
    RestoreStep counted =
        step.with(
            step.state()
                .with(
                    s -> {
                      s.restoredItemCount = table.get().itemCount();
                      s.restoredTableSizeBytes = table.get().sizeBytes();
                    }));
    return countsStillDue(counted) ? counted.wakeWithin(clock.instant(), COUNTS_REFRESH) : counted;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
