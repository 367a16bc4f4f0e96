package io.ddbbackup.operator.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Appends each test's counts to target/reliability-figures.txt for docs/reliability.md. */
final class Figures {

  private Figures() {}

  static synchronized void record(String test, String line) {
    Path file =
        io.ddbbackup.operator.testing.Tools.projectRoot().resolve("target/reliability-figures.txt");
    try {
      Files.writeString(
          file,
          Instant.now() + " " + test + ": " + line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
