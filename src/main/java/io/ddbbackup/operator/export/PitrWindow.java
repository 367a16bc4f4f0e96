package io.ddbbackup.operator.export;

import java.time.Instant;

/**
 * The table's point-in-time recovery window as the chain needs it, asked for only when needed: one
 * DescribeContinuousBackups, which a reconcile that only follows an export in flight, or that waits
 * for a seat or for its next window, does not make. The reconcile's implementation reads it once
 * and keeps it; a failed read throws the store's {@code BackupStoreException}.
 */
public interface PitrWindow {

  /** The earliest restorable time; null when point-in-time recovery is off. */
  Instant earliest();

  /** The latest restorable time; null when not known (or point-in-time recovery is off). */
  Instant latest();

  /** A window already known. */
  static PitrWindow of(Instant earliest, Instant latest) {
    return new Known(earliest, latest);
  }

  /** A window already known. */
  record Known(Instant earliest, Instant latest) implements PitrWindow {}
}
