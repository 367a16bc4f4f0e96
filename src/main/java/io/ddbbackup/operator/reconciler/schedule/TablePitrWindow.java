package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.PitrWindow;
import io.ddbbackup.operator.restore.ContinuousBackups;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Instant;

/**
 * The table's PITR window for one reconcile of the exports: DescribeContinuousBackups on the first
 * question, none before (see {@link PitrWindow}), and the answer kept for the rest of the
 * reconcile. Bounds are null while point-in-time recovery is off.
 */
final class TablePitrWindow implements PitrWindow {

  private final TableStore tables;
  private final TableTarget target;
  private ContinuousBackups read;

  TablePitrWindow(TableStore tables, TableTarget target) {
    this.tables = tables;
    this.target = target;
  }

  private ContinuousBackups read() {
    if (read == null) {
      read = tables.continuousBackups(target);
    }
    return read;
  }

  @Override
  public Instant earliest() {
    ContinuousBackups pitr = read();
    return pitr.on() ? pitr.earliestRestorable() : null;
  }

  @Override
  public Instant latest() {
    ContinuousBackups pitr = read();
    return pitr.on() ? pitr.latestRestorable() : null;
  }
}
