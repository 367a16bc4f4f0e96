package io.ddbbackup.operator.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where scripts/install-tools.sh puts the real components, read the way scripts/tool-versions.sh
 * reads them (same environment variables, same defaults). A missing tool fails the test with the
 * command that builds it, never a silent skip: a green run must mean the suite ran.
 */
public final class Tools {

  /** The kube-apiserver/etcd/kubectl release; purely numeric, as kube-api-test parses it. */
  static final String K8S_VERSION = setting("DDBB_K8S_VERSION", "1.34.12");

  private Tools() {}

  static Path kubeApiTestDir() {
    return Path.of(setting("KUBE_API_TEST_DIR", home(".kubeapitest")));
  }

  static Path k8sBinDir() {
    return kubeApiTestDir().resolve("k8s").resolve(K8S_VERSION + "-linux-amd64");
  }

  public static Path kubectl() {
    return require(k8sBinDir().resolve("kubectl"));
  }

  static void requireControlPlane() {
    require(k8sBinDir().resolve("kube-apiserver"));
    require(k8sBinDir().resolve("etcd"));
    require(k8sBinDir().resolve("kubectl"));
  }

  static Path motoServer() {
    Path cache = Path.of(setting("DDBB_TOOLS_CACHE", home(".cache/ddbbackup")));
    return require(cache.resolve("moto-venv/bin/moto_server"));
  }

  /** The project checkout; failsafe passes it, a run from an IDE falls back to the cwd. */
  public static Path projectRoot() {
    return Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
  }

  public static Path operatorJar() {
    Path jar =
        Path.of(
            System.getProperty(
                "operator.jar",
                projectRoot().resolve("target/dynamodb-backup-operator.jar").toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: the e2e tests run the packaged operator; run `mvn verify`"
              + " (or `mvn -DskipTests package` before running an IT from an IDE)");
    }
    return jar;
  }

  /** A scratch folder for this run's kubeconfigs, tokens and logs. */
  public static Path workDir(String name) {
    try {
      return Files.createDirectories(projectRoot().resolve("target/e2e").resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path require(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing. The e2e tests need the real kube-apiserver, etcd, kubectl and moto:"
              + " run `bash scripts/install-tools.sh` (or skip them with -DskipITs)");
    }
    return binary;
  }

  private static String setting(String name, String fallback) {
    Map<String, String> env = System.getenv();
    String value = System.getProperty(name, env.get(name));
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String home(String relative) {
    return Path.of(System.getProperty("user.home"), relative).toString();
  }
}
