package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test tools' versions and places, read from scripts/tool-versions.sh, the file
 * scripts/install-tools.sh builds them by: bash sources it with this JVM's environment, so an
 * override such as {@code DDBB_K8S_VERSION=...} reaches the tests exactly as it reaches the install
 * script, and no version is written down a second time here. A missing tool fails the test with the
 * command that builds it, never a silent skip: a green run must mean the suite ran.
 */
public final class Tools {

  /** What scripts/tool-versions.sh settles; the names are its variables. */
  private static final List<String> SETTINGS =
      List.of(
          "DDBB_K8S_VERSION",
          "KUBE_API_TEST_DIR",
          "DDBB_K8S_BIN_DIR",
          "DDBB_BIN_DIR",
          "DDBB_MOTO_VENV");

  private static Map<String, String> settings;

  private Tools() {}

  /** The kube-apiserver/etcd/kubectl release; purely numeric, as kube-api-test parses it. */
  public static String k8sVersion() {
    return setting("DDBB_K8S_VERSION");
  }

  /** kube-api-test's folder; its binaries are under {@code k8s/<version>-linux-amd64}. */
  public static Path kubeApiTestDir() {
    return Path.of(setting("KUBE_API_TEST_DIR"));
  }

  public static Path kubectl() {
    return require(k8sBinDir().resolve("kubectl"));
  }

  /** kube-controller-manager, installed with the node's tools (scripts/install-tools.sh node). */
  public static Path kubeControllerManager() {
    return require(k8sBinDir().resolve("kube-controller-manager"));
  }

  public static Path helm() {
    return require(Path.of(setting("DDBB_BIN_DIR"), "helm"));
  }

  /** helm-docs, which generates the chart's README from values.yaml. */
  public static Path helmDocs() {
    return require(Path.of(setting("DDBB_BIN_DIR"), "helm-docs"));
  }

  /** promtool, which checks and unit-tests the chart's alerting rules. */
  public static Path promtool() {
    return require(Path.of(setting("DDBB_BIN_DIR"), "promtool"));
  }

  public static Path motoServer() {
    return require(Path.of(setting("DDBB_MOTO_VENV"), "bin", "moto_server"));
  }

  /** kube-apiserver, etcd and kubectl: kube-api-test finds them itself; checked for the message. */
  public static void requireControlPlane() {
    require(k8sBinDir().resolve("kube-apiserver"));
    require(k8sBinDir().resolve("etcd"));
    require(k8sBinDir().resolve("kubectl"));
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
    return require(
        jar,
        Files.isRegularFile(jar),
        "the integration tests run the packaged operator; run `mvn verify`"
            + " (or `mvn -DskipTests package` before running an IT from an IDE)");
  }

  /** The compiled test classes, for a launcher that runs the jar with a test-only hook. */
  public static Path testClasses() {
    Path classes = projectRoot().resolve("target/test-classes");
    return require(classes, Files.isDirectory(classes), "compile the tests: `mvn test-compile`");
  }

  /** A scratch folder for this run's kubeconfigs, tokens and logs: target/e2e/{@code name}. */
  public static Path workDir(String name) {
    try {
      return Files.createDirectories(projectRoot().resolve("target/e2e").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path k8sBinDir() {
    return Path.of(setting("DDBB_K8S_BIN_DIR"));
  }

  private static Path require(Path binary) {
    return require(
        binary,
        Files.isExecutable(binary),
        "the integration tests need the real kube-apiserver, etcd, kubectl, helm, helm-docs,"
            + " promtool and moto;"
            + " run `bash scripts/install-tools.sh` (or skip them with -DskipITs)");
  }

  private static Path require(Path file, boolean present, String fix) {
    if (!present) {
      throw new IllegalStateException(file + " is missing: " + fix);
    }
    return file;
  }

  private static synchronized String setting(String name) {
    if (settings == null) {
      settings = readToolVersions();
    }
    String value = settings.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("scripts/tool-versions.sh does not set " + name);
    }
    return value;
  }

  private static Map<String, String> readToolVersions() {
    Path script = projectRoot().resolve("scripts/tool-versions.sh");
    String print = "source \"$1\" && for v in " + String.join(" ", SETTINGS) + "; do";
    String out =
        Cli.run(
                List.of(
                    "bash",
                    "-c",
                    print + " printf '%s=%s\\n' $v \"${!v}\"; done",
                    "bash",
                    script.toString()))
            .ok()
            .out();
    Map<String, String> read = new LinkedHashMap<>();
    out.lines()
        .map(line -> line.split("=", 2))
        .forEach(pair -> read.put(pair[0], pair.length == 2 ? pair[1] : ""));
    return read;
  }
}
