package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;

/**
 * An AWS call of a drill failed after the drill's start was written to status: {@link #at()} is the
 * step that holds that write, from which the failure is told ({@link RestoreDrill}).
 */
final class DrillCallFailed extends RuntimeException {

  private final transient Step at;

  DrillCallFailed(Step at, BackupStoreException cause) {
    super(cause.getMessage(), cause);
    this.at = at;
  }

  Step at() {
    return at;
  }

  BackupStoreException failure() {
    return (BackupStoreException) getCause();
  }
}
