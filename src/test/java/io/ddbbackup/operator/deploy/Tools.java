package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The binaries scripts/install-tools.sh builds, where it puts them (scripts/tool-versions.sh). A
 * missing one fails the test, never skips it: a skipped deployment check looks like a pass.
 */
final class Tools {

  private Tools() {}

  static Path helm() {
    String cache =
        env("DDBB_TOOLS_CACHE", Path.of(System.getProperty("user.home"), ".cache/ddbbackup"));
    return require(Path.of(cache, "bin", "helm"));
  }

  static Path helmDocs() {
    String cache =
        env("DDBB_TOOLS_CACHE", Path.of(System.getProperty("user.home"), ".cache/ddbbackup"));
    return require(Path.of(cache, "bin", "helm-docs"));
  }

  static Path kubectl() {
    return require(k8sBinDir().resolve("kubectl"));
  }

  /** kube-apiserver and etcd: kube-api-test finds them itself; checked for a clear message. */
  static void requireControlPlane() {
    require(k8sBinDir().resolve("kube-apiserver"));
    require(k8sBinDir().resolve("etcd"));
  }

  static String k8sVersion() {
    return System.getenv().getOrDefault("DDBB_K8S_VERSION", "1.34.12");
  }

  private static Path k8sBinDir() {
    String dir = env("KUBE_API_TEST_DIR", Path.of(System.getProperty("user.home"), ".kubeapitest"));
    return Path.of(dir, "k8s", k8sVersion() + "-linux-amd64");
  }

  private static String env(String name, Path fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback.toString() : value;
  }

  private static Path require(Path binary) {
    if (!Files.isExecutable(binary)) {
      fail(
          binary
              + " is missing: run scripts/install-tools.sh (it builds helm, kubectl,"
              + " kube-apiserver and etcd from the Go module proxy and caches them)");
    }
    return binary;
  }
}
