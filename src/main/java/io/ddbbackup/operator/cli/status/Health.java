package io.ddbbackup.operator.cli.status;

import io.ddbbackup.operator.cli.Color;

/**
 * How a schedule is doing, worst first (the order {@code kubectl ddb status} sorts by). Only the
 * first three make the command exit {@link io.ddbbackup.operator.cli.ExitCode#UNHEALTHY}: a
 * suspended schedule was stopped on purpose.
 */
public enum Health {
  /** Ready=False: no backup can be taken (bad spec, table gone, access denied, failures). */
  FAILING(Color.RED, false),
  /**
   * Ready, but its last drill (of backups or of the export chain) failed, the table's PITR is not
   * as the spec says, or the exports fail.
   */
  DEGRADED(Color.YELLOW, false),
  /** The operator has not reported on it yet (no Ready condition, or Unknown). */
  PENDING(Color.YELLOW, false),
  /** spec.suspend: no scheduled backups, by choice. */
  SUSPENDED(Color.YELLOW, true),
  HEALTHY(Color.GREEN, true);

  private final Color color;
  private final boolean healthy;

  Health(Color color, boolean healthy) {
    this.color = color;
    this.healthy = healthy;
  }

  public Color color() {
    return color;
  }

  public boolean healthy() {
    return healthy;
  }
}
