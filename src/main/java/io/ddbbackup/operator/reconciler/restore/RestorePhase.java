package io.ddbbackup.operator.reconciler.restore;

/** Where a restore stands, as {@code status.phase} says it. */
enum RestorePhase {
  /** Not started: resolving the source, or waiting (the Ready condition says for what). */
  Pending,
  /** The restore call was made (or its table adopted); DynamoDB is making the table. */
  Restoring,
  /** A restore from exports: the base is imported, its incremental exports are being replayed. */
  Replaying,
  /** The table is ACTIVE. */
  Completed,
  /** It cannot succeed as specified (the Ready condition says why): create a new resource. */
  Failed;

  static RestorePhase of(String text) {
    for (RestorePhase phase : values()) {
      if (phase.name().equals(text)) {
        return phase;
      }
    }
    return Pending;
  }

  boolean done() {
    return this == Completed || this == Failed;
  }
}
