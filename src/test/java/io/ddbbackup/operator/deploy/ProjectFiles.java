package io.ddbbackup.operator.deploy;

import io.ddbbackup.operator.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository, found from the project root (failsafe passes it; else the cwd). */
final class ProjectFiles {

  private ProjectFiles() {}

  static Path path(String relative) {
    return Tools.projectRoot().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (var in = ProjectFiles.class.getResourceAsStream("/deploy/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource deploy/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
