package io.ddbbackup.operator.deploy;

import io.ddbbackup.operator.testing.Cli;
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

  /**
   * The digest of the image's config, which is its ID (what the kubelet reports as a container's
   * imageID): the name the archive's manifest.json gives the config file.
   */
  static String configDigest() {
    String manifest =
        Cli.run(List.of("tar", "-xOf", ARCHIVE.toString(), "manifest.json")).ok().out();
    java.util.regex.Matcher config =
        java.util.regex.Pattern.compile(
                "\"Config\"\\s*:\\s*\"(?:sha256:)?([0-9a-f]{64})(?:\\.json)?\"")
            .matcher(manifest);
    if (!config.find()) {
      throw new IllegalStateException(
          "no config digest in the manifest of " + ARCHIVE + ": " + manifest);
    }
    return config.group(1);
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
