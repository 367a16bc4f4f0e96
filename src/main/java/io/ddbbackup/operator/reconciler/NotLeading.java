package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.backup.BackupStoreException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exit of every kind's reconcile when a write was refused because this process no longer holds
 * the Lease (it was paused, say, while another replica took over). It then writes nothing more, no
 * status, no Event: the leader has the resource now, and what this reconcile recorded is resolved
 * by it.
 */
public final class NotLeading {

  /**
   * When a replica whose write was refused for want of the Lease looks again. It normally never
   * does: JOSDK stops a replica that lost the Lease within its retry period (2 s).
   */
  public static final Duration RETRY = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(NotLeading.class);

  private NotLeading() {}

  /**
   * {@link #RETRY} when {@code failure} says the Lease is lost (logged once, naming {@code what}),
   * else empty: the reconcile goes on.
   */
  public static Optional<Duration> exit(BackupStoreException failure, String what) {
    if (!refused(failure)) {
      return Optional.empty();
    }
    LOG.warn("{}: {}; leaving it to the leader", what, failure.getMessage());
    return Optional.of(RETRY);
  }

  /** True when {@code failure} is a write refused for want of the Lease. */
  public static boolean refused(BackupStoreException failure) {
    return failure != null && failure.failure() == BackupStoreException.Failure.NOT_LEADER;
  }
}
