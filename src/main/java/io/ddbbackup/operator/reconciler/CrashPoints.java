package io.ddbbackup.operator.reconciler;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test hook, off by default: halts the JVM like kill -9 (no shutdown hook, no last status write) at
 * a named point of {@link BackupCycle}, so the crash-safety tests (docs/reliability.md) can prove
 * exactly-once at the moments where a crash hurts most. {@code DDBBACKUP_CRASH_AT} is a
 * comma-separated list of point names ({@code after-slot-recorded}, {@code after-create-backup},
 * {@code mid-prune}) or {@code all}; {@code DDBBACKUP_CRASH_PROBABILITY} (0..1, default 1) makes a
 * named point fire only sometimes. Never set either in production.
 */
final class CrashPoints {

  static final String AFTER_SLOT_RECORDED = "after-slot-recorded";
  static final String AFTER_CREATE_BACKUP = "after-create-backup";
  static final String MID_PRUNE = "mid-prune";

  private static final Set<String> ARMED = armed(System.getenv("DDBBACKUP_CRASH_AT"));
  private static final double PROBABILITY =
      probability(System.getenv("DDBBACKUP_CRASH_PROBABILITY"));

  private CrashPoints() {}

  /** Halts the JVM with exit code 137 when {@code point} is armed (and the dice say so). */
  static void reached(String point) {
    if (ARMED.isEmpty() || !(ARMED.contains(point) || ARMED.contains("all"))) {
      return;
    }
    if (PROBABILITY < 1 && ThreadLocalRandom.current().nextDouble() >= PROBABILITY) {
      return;
    }
    System.err.println("DDBBACKUP_CRASH_AT: halting at " + point);
    System.err.flush();
    Runtime.getRuntime().halt(137);
  }

  private static Set<String> armed(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Set.of(value.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
  }

  private static double probability(String value) {
    try {
      return value == null || value.isBlank() ? 1.0 : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return 1.0;
    }
  }
}
