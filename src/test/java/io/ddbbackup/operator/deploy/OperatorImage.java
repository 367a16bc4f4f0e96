package io.ddbbackup.operator.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator's image as scripts/image.sh builds it: an archive and its reference. Built once per
 * jar: an archive older than the packaged jar is built again.
 */
final class OperatorImage {

  private static final Path ARCHIVE =
      ProjectFiles.path("target/image/dynamodb-backup-operator.tar");
  private static final Path REFERENCE = ProjectFiles.path("target/image/image.ref");
  private static final Path JAR = ProjectFiles.path("target/dynamodb-backup-operator.jar");

  private OperatorImage() {}

  static synchronized Path archive() {
    try {
      boolean stale =
          !Files.isRegularFile(ARCHIVE)
              || !Files.isRegularFile(REFERENCE)
              || (Files.isRegularFile(JAR)
                  && Files.getLastModifiedTime(ARCHIVE).compareTo(Files.getLastModifiedTime(JAR))
                      < 0);
      if (stale) {
        Cli.run(List.of("bash", "scripts/image.sh"), null, Podman.environment()).ok();
      }
      return ARCHIVE;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code <repository>:<tag>}, as the archive names it. */
  static String reference() {
    try {
      return Files.readString(REFERENCE).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
