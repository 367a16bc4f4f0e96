package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line (helm, kubectl, bash) in the project root to completion and keeps what it
 * printed.
 */
public final class Cli {

  /** What a command did; {@link #ok()} asserts it succeeded and says why not. */
  public record Result(List<String> command, int exitCode, String out, String err) {

    public boolean succeeded() {
      return exitCode == 0;
    }

    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command)
                + " exited "
                + exitCode
                + "\nstdout:\n"
                + out
                + "\nstderr:\n"
                + err);
      }
      return this;
    }
  }

  private Cli() {}

  public static Result run(List<String> command) {
    return run(command, null);
  }

  public static Result run(List<String> command, String stdin) {
    return run(command, stdin, java.util.Map.of());
  }

  /** With extra environment variables (e.g. CONTAINERS_CONF for podman). */
  public static Result run(List<String> command, String stdin, java.util.Map<String, String> env) {
    try {
      Path out = Files.createTempFile("cli", ".out");
      Path err = Files.createTempFile("cli", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(Tools.projectRoot().toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in 3 minutes");
        }
        return new Result(
            List.copyOf(command),
            process.exitValue(),
            Files.readString(out),
            Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public static List<String> args(Object first, Object... rest) {
    List<String> all = new ArrayList<>();
    all.add(first.toString());
    for (Object o : rest) {
      all.add(o.toString());
    }
    return all;
  }
}
