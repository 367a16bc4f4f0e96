package io.ddbbackup.operator.reconciler;

/**
 * The moments of a reconcile where a crash would hurt most, named so that a test can act there. The
 * operator passes {@link #NONE}, which does nothing. The crash-safety tests (docs/reliability.md)
 * start the operator from test code with an implementation that halts the JVM at a named moment;
 * that implementation, and the variable that arms it, are not part of the released jar.
 */
@FunctionalInterface
public interface Checkpoints {

  /** Where a reconcile has just got to. */
  enum Point {
    /** The slot and its backup's name are written to status; CreateBackup is not called yet. */
    AFTER_SLOT_RECORDED("after-slot-recorded"),
    /** CreateBackup returned; its ARN is not written to status yet. */
    AFTER_CREATE_BACKUP("after-create-backup"),
    /** One DeleteBackup of a prune went through; more may follow, the status is not written. */
    MID_PRUNE("mid-prune"),
    /**
     * A policy created one of its generated schedules; more may follow, its status is not written.
     */
    MID_GENERATION("mid-generation");

    private final String label;

    Point(String label) {
      this.label = label;
    }

    /** The point's name in docs and test settings, e.g. {@code after-slot-recorded}. */
    public String label() {
      return label;
    }
  }

  /** Does nothing: what the operator runs with. */
  Checkpoints NONE = point -> {};

  void reached(Point point);
}
