package io.ddbbackup.operator.deploy;

import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The single-node cluster of scripts/node-cluster.sh (etcd, kube-apiserver, controller-manager,
 * scheduler and a kubelet on containerd), started for one test class and torn down after it. Its
 * pods reach the host only at {@link #gateway()}: servers they need listen there.
 */
final class NodeCluster implements AutoCloseable {

  private final Path dir;
  private final Map<String, String> env;
  private final KubernetesClient admin;

  private NodeCluster(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
    try {
      this.admin =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code scripts/node-cluster.sh up}; a failed start is torn down before it throws. */
  static NodeCluster start(Path dir) {
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("node-cluster.out");
      Files.deleteIfExists(log);
      if (script(dir, log, "up", 5) != 0) {
        script(dir, log, "down", 3);
        throw new IllegalStateException(
            "scripts/node-cluster.sh up failed (it needs root and the tools of `bash"
                + " scripts/install-tools.sh node`):\n"
                + tail(log, 40)
                + "\n(the components' logs are in "
                + dir.resolve("logs")
                + ")");
      }
      Map<String, String> env = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("cluster.env"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return new NodeCluster(dir, env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path kubeconfig() {
    return Path.of(env.get("KUBECONFIG"));
  }

  /** The host's address on the pods' bridge; the API server listens there too. */
  String gateway() {
    return env.get("DDBB_NODE_GATEWAY");
  }

  String nodeName() {
    return env.get("DDBB_NODE_NAME");
  }

  KubernetesClient admin() {
    return admin;
  }

  /** Imports an image archive into the node's containerd (pods use it with pullPolicy Never). */
  void importImage(Path archive) {
    Path log = dir.resolve("node-cluster.out");
    if (script(dir, log, "import", 3, archive.toString()) != 0) {
      throw new IllegalStateException("importing " + archive + " failed:\n" + tail(log, 20));
    }
  }

  /** {@code kubectl} against this cluster. */
  Cli.Result kubectl(Object... args) {
    return Cli.run(Cli.args(Tools.kubectl(), prepend("--kubeconfig=" + kubeconfig(), args)));
  }

  /** {@code helm} against this cluster. */
  Cli.Result helm(Object... args) {
    return Cli.run(Cli.args(Tools.helm(), prepend("--kubeconfig=" + kubeconfig(), args)));
  }

  @Override
  public void close() {
    admin.close();
    Path log = dir.resolve("node-cluster.out");
    if (script(dir, log, "down", 3) != 0) {
      throw new IllegalStateException("scripts/node-cluster.sh down failed:\n" + tail(log, 30));
    }
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static int script(Path dir, Path log, String command, int minutes, String... more) {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "bash",
                ProjectFiles.path("scripts/node-cluster.sh").toString(),
                command,
                "--dir",
                dir.toString()));
    cmd.addAll(List.of(more));
    try {
      Process process =
          new ProcessBuilder(cmd)
              .directory(Tools.projectRoot().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
