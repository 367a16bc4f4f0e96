package io.ddbbackup.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/** Figures as they are found: printed, and appended to target/bench/&lt;scenario&gt;.txt. */
final class Report {

  private final Path file;

  Report(Path dir, String scenario) {
    this.file = dir.resolve(scenario + ".txt");
    try {
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    line("== %s at %s", scenario, Instant.now());
    line(
        "machine: %d cpus, %d MiB max heap, Java %s (%s), %s",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    line("code: %s; %s", System.getProperty("bench.code", "this checkout"), load());
  }

  /** The machine's load average now, as uptime prints it: other work competing for the cores. */
  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return "load average %s, %s, %s".formatted(parts[0], parts[1], parts[2]);
    } catch (IOException e) {
      return "load average unknown";
    }
  }

  void line(String format, Object... args) {
    String text = args.length == 0 ? format : format.formatted(args);
    System.out.println("[bench] " + text);
    try {
      Files.writeString(file, text + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** p-th percentile (nearest rank) of sorted values. */
  static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
