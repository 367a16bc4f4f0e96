package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.testing.PublishedClock;
import java.nio.file.Path;

/**
 * The operator on the clock of the test that runs it, for the e2e tests of the export chain only:
 * it runs the released {@link Main} with a {@link PublishedClock} reading the instant the test's
 * clock writes to the file {@value #CLOCK_FILE} names, the clock the export front runs on too. So a
 * test moves the operator's time (15-minute windows, a 3-day outage) in seconds. Like {@link
 * CrashingOperator} it lives in the test sources and is started from them with target/test-classes
 * on the class path; {@code ReleasedJarIT} checks that no trace of it ships.
 */
public final class ClockedOperator {

  public static final String CLOCK_FILE = "DDBBACKUP_TEST_CLOCK_FILE";

  private ClockedOperator() {}

  public static void main(String[] args) throws Exception {
    Main.start(args, Checkpoints.NONE, new PublishedClock(Path.of(System.getenv(CLOCK_FILE))));
  }
}
