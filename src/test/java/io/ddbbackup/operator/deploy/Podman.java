package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.fail;

import io.ddbbackup.operator.testing.Cli;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The podman CLI with the project's containers.conf (runc, rlimits the runner allows). Missing
 * podman fails the test with the command that installs it.
 */
final class Podman {

  private Podman() {}

  static Cli.Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(args);
    return Cli.run(command, null, environment());
  }

  static Cli.Result run(String... args) {
    return run(List.of(args));
  }

  /** What scripts/image.sh and podman need in their environment. */
  static Map<String, String> environment() {
    return Map.of("CONTAINERS_CONF", ProjectFiles.path("image/containers.conf").toString());
  }

  private static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "podman");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        "podman is missing: run bash scripts/install-tools.sh (it installs podman, buildah"
            + " and runc from Debian's packages)");
  }
}
