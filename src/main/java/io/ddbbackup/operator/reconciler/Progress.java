package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.backup.BackupStoreException;
import java.time.Duration;
import java.time.Instant;

/**
 * How far one reconcile of any kind got with AWS: when it asks to be woken, whether a call waits in
 * our own rate-limit queue, and the failure that ended its work. Each kind's step carries one.
 *
 * @param wakeAt when to be woken, at the earliest; null when nothing asks for it
 * @param queued a call was not made because its rate-limit queue was long: come back in turn
 * @param failure the AWS failure that ended this reconcile's work, if any
 */
public record Progress(Instant wakeAt, boolean queued, BackupStoreException failure) {

  public static final Progress NONE = new Progress(null, false, null);

  /** True once a call failed or was queued: the parts after it do nothing. */
  public boolean stopped() {
    return failure != null || queued;
  }

  /** Asks to be woken at {@code at}, unless an earlier wake-up is asked for already. */
  public Progress wakeBy(Instant at) {
    Instant w = at == null || (wakeAt != null && wakeAt.isBefore(at)) ? wakeAt : at;
    return new Progress(w, queued, failure);
  }

  /** Asks to be woken {@code delay} after {@code asked}, the moment of asking. */
  public Progress wakeWithin(Instant asked, Duration delay) {
    return wakeBy(asked.plus(delay));
  }

  /**
   * The call failed: the parts after this one do nothing. A call our own rate-limit queue refused
   * is no failure: come back when a permit is expected.
   */
  public Progress stoppedBy(BackupStoreException e, Instant asked) {
    if (e.failure() == BackupStoreException.Failure.QUEUED) {
      return new Progress(wakeAt, true, failure).wakeWithin(asked, e.retryAfter());
    }
    return new Progress(wakeAt, queued, e);
  }

  /** A kind's step that carries a {@link Progress}: its parts read it through these. */
  public interface Carried {

    Progress progress();

    /** When to be woken, at the earliest; null when nothing asks for it. */
    default Instant wakeAt() {
      return progress().wakeAt();
    }

    /** A call waits in our rate-limit queue: come back in turn. */
    default boolean queued() {
      return progress().queued();
    }

    /** The AWS failure that ended this reconcile's work, if any. */
    default BackupStoreException failure() {
      return progress().failure();
    }
  }
}
