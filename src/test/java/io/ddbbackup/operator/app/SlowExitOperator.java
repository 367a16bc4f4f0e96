package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.Checkpoints;
import java.time.Duration;

/**
 * The operator whose JVM takes {@value #EXIT_DELAY} seconds to exit once something called {@code
 * System.exit}, for the leader handover test only. A replica that lost the Lease exits (JOSDK's
 * exit on stop leading), and a replica frozen past its Lease decides so the moment it wakes, in the
 * same instant as the reconcile that was in flight wakes: whether that reconcile's next write gets
 * out before the process is gone is a race of milliseconds, which a test cannot judge. A shutdown
 * hook that lasts, as any library's slow hook would, lets the reconcile run on for a few seconds,
 * so that its write reliably meets the write guard ({@code aws.LeaderOnlyWrites}) rather than the
 * exit. Like {@link CrashingOperator} this class lives in the test sources and is started from them
 * with target/test-classes on the class path; {@code ReleasedJarIT} checks that no trace of it
 * ships.
 */
public final class SlowExitOperator {

  public static final String EXIT_DELAY = "DDBBACKUP_TEST_EXIT_DELAY_SECONDS";

  /** What the hook prints when the exit begins, before it waits. */
  public static final String EXIT_LINE = "slow exit: the JVM exits in ";

  private SlowExitOperator() {}

  public static void main(String[] args) throws Exception {
    Duration delay = Duration.ofSeconds(Long.parseLong(System.getenv(EXIT_DELAY)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> linger(delay), "slow-exit"));
    Main.start(args, Checkpoints.NONE);
  }

  private static void linger(Duration delay) {
    System.err.println(EXIT_LINE + delay.toSeconds() + " s");
    System.err.flush();
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
