package io.ddbbackup.operator.backup;

import java.util.Optional;

/**
 * Whether this process may change anything in AWS now. With several replicas only the holder of the
 * leader Lease may: a replica that was paused (a long GC, a frozen node, SIGSTOP) can wake up after
 * another took the Lease over and find a reconcile still running, and JOSDK stops it only once its
 * own lease renewal notices. Every AWS write asks first, right before it goes on the wire; reads
 * never do.
 */
@FunctionalInterface
public interface Leadership {

  /** One process, no election: it may always write. */
  Leadership ALONE = () -> Optional.empty();

  /** Empty when this process leads and may write now; else why it may not, for the log. */
  Optional<String> notLeading();
}
