package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.Checkpoints;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The operator with a crash hook, for the crash-safety tests only: it runs the released {@link
 * Main} with {@link Checkpoints} that halt the JVM like kill -9 (no shutdown hook, no last status
 * write) at the points named by {@value #CRASH_AT}, a comma-separated list of {@link
 * Checkpoints.Point#label()}s or {@code all}; {@value #PROBABILITY} (0..1, default 1) fires a named
 * point only sometimes. This class lives in the test sources and is started from them
 * (OperatorProcess, with the jar and target/test-classes on the class path), so neither it nor the
 * variables reach the released jar; {@code ReleasedJarIT} checks that.
 */
public final class CrashingOperator implements Checkpoints {

  public static final String CRASH_AT = "DDBBACKUP_CRASH_AT";
  public static final String PROBABILITY = "DDBBACKUP_CRASH_PROBABILITY";

  /** What the test looks for in the log to count halts per point. */
  public static final String HALT_LINE = "crash hook: halting at ";

  private final Set<String> armed;
  private final double probability;

  CrashingOperator(String crashAt, String probability) {
    this.armed =
        crashAt == null || crashAt.isBlank()
            ? Set.of()
            : Arrays.stream(crashAt.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim)
                .collect(Collectors.toSet());
    this.probability =
        probability == null || probability.isBlank() ? 1.0 : Double.parseDouble(probability);
  }

  public static void main(String[] args) throws Exception {
    Main.start(args, new CrashingOperator(System.getenv(CRASH_AT), System.getenv(PROBABILITY)));
  }

  @Override
  public void reached(Point point) {
    if (!(armed.contains(point.label()) || armed.contains("all"))) {
      return;
    }
    if (probability < 1 && ThreadLocalRandom.current().nextDouble() >= probability) {
      return;
    }
    System.err.println(HALT_LINE + point.label());
    System.err.flush();
    Runtime.getRuntime().halt(137);
  }
}
