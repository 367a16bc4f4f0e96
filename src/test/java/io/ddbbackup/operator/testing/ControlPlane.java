package io.ddbbackup.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real kube-apiserver and etcd (kube-api-test, offline: the binaries come from
 * scripts/install-tools.sh) with the CRD from crds/ and the RBAC from config/rbac/ installed as
 * committed. The operator gets a kubeconfig for its ServiceAccount, holding a token from the
 * TokenRequest API, so RBAC is enforced on it exactly as in a cluster; the tests use the admin.
 */
public final class ControlPlane implements AutoCloseable {

  public static final String OPERATOR_NAMESPACE = "ddbbackup-system";
  public static final String OPERATOR_SERVICE_ACCOUNT = "dynamodb-backup-operator";
  static final String CRD_NAME = "dynamodbbackupschedules.ddbbackup.io";

  private final Path workDir;
  private KubeAPIServer server;
  private KubernetesClient admin;
  private String adminYaml;
  private Path adminKubeconfig;
  private Path operatorKubeconfig;

  public ControlPlane(Path workDir) {
    this.workDir = workDir;
  }

  /** The API server with the project's CRDs, operator namespace, RBAC and operator kubeconfig. */
  public ControlPlane start() {
    startEmpty();
    installCrds();
    installRbac();
    operatorKubeconfig = write("operator.kubeconfig", serviceAccountKubeconfig(adminYaml));
    return this;
  }

  /**
   * Only kube-apiserver and etcd with RBAC on, nothing installed: for tests that install the
   * project themselves (kubectl apply, helm install) and check what that does.
   */
  public ControlPlane startEmpty() {
    Tools.requireControlPlane();
    try {
      server = newServer();
      server.start();
    } catch (KubeAPITestException e) {
      // seen once in a full CI run right after the previous class's control plane stopped
      // (a port still held): one more try on fresh ports, then fail loudly
      System.err.println("e2e: kube-apiserver did not start (" + e.getMessage() + "); retrying");
      stopQuietly();
      server = newServer();
      server.start();
    }
    adminYaml = server.getKubeConfigYaml();
    adminKubeconfig = write("admin.kubeconfig", adminYaml);
    admin =
        new KubernetesClientBuilder()
            .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(adminYaml))
            .build();
    return this;
  }

  private static KubeAPIServer newServer() {
    return new KubeAPIServer(
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(Tools.kubeApiTestDir().toString())
            .withOfflineMode(true)
            .withApiServerVersion(Tools.k8sVersion())
            .withUpdateKubeConfig(false)
            // loopback only (etcd's listen address is not configurable in kube-api-test)
            .withApiServerFlag("--bind-address", "127.0.0.1")
            .withApiServerFlag("--advertise-address", "127.0.0.1")
            .build());
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (RuntimeException e) {
      System.err.println("e2e: stopping a failed kube-apiserver: " + e);
    }
  }

  public KubernetesClient admin() {
    return admin;
  }

  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  /** A kubectl command line (the one install-tools built) that acts as the admin. */
  public List<String> kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Tools.kubectl().toString());
    command.add("--kubeconfig=" + adminKubeconfig);
    command.addAll(List.of(args));
    return command;
  }

  /** A kubeconfig that authenticates as the operator's ServiceAccount, not as an admin. */
  public Path operatorKubeconfig() {
    return operatorKubeconfig;
  }

  public void createNamespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** Every YAML file in crds/, applied as committed, then waited for until Established. */
  private void installCrds() {
    for (Path file : yamlFiles(Tools.projectRoot().resolve("crds"))) {
      for (HasMetadata item : load(file)) {
        admin.resource(item).create();
      }
    }
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(CRD_NAME)
        .waitUntilCondition(ControlPlane::established, 60, TimeUnit.SECONDS);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** config/rbac/*.yaml as-is (the kustomization file is not a resource). */
  private void installRbac() {
    createNamespace(OPERATOR_NAMESPACE);
    for (Path file : yamlFiles(Tools.projectRoot().resolve("config/rbac"))) {
      if (file.getFileName().toString().startsWith("kustomization")) {
        continue;
      }
      for (HasMetadata item : load(file)) {
        admin.resource(item).create();
      }
    }
  }

  private String serviceAccountKubeconfig(String adminYaml) {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(OPERATOR_NAMESPACE)
            .withName(OPERATOR_SERVICE_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(24 * 3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config adminConfig = KubeConfigUtils.parseConfigFromString(adminYaml);
    NamedCluster cluster = adminConfig.getClusters().get(0);
    String ca = cluster.getCluster().getCertificateAuthorityData();
    if (ca == null) {
      ca = base64(readString(Path.of(cluster.getCluster().getCertificateAuthority())));
    }
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: e2e
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: operator
          context:
            cluster: e2e
            user: %s
            namespace: %s
        current-context: operator
        """
        .formatted(
            cluster.getCluster().getServer(),
            ca,
            OPERATOR_SERVICE_ACCOUNT,
            token,
            OPERATOR_SERVICE_ACCOUNT,
            OPERATOR_NAMESPACE);
  }

  private List<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = new ArrayList<>();
      files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .forEach(found::add);
      if (found.isEmpty()) {
        throw new IllegalStateException("no YAML files in " + dir);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path write(String name, String content) {
    try {
      return Files.writeString(workDir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Stops only kube-apiserver (etcd and its data stay), waits {@code down}, and starts it again
   * with the same command line, so the same port and certificates: what a control-plane upgrade or
   * crash looks like to a client. kube-api-test has no such call; its process is reached through
   * reflection and stopped the way its own stop() does (no unexpected-stop handler).
   */
  public void restartApiServer(java.time.Duration down) {
    try {
      java.lang.reflect.Field apiField =
          KubeAPIServer.class.getDeclaredField("kubeApiServerProcess");
      apiField.setAccessible(true);
      Object apiServerProcess = apiField.get(server);
      Process current;
      if (restartedApiServer != null) {
        current = restartedApiServer;
      } else {
        java.lang.reflect.Field processField =
            apiServerProcess.getClass().getDeclaredField("apiServerProcess");
        processField.setAccessible(true);
        current = (Process) processField.get(apiServerProcess);
      }
      Path cwd = Files.readSymbolicLink(Path.of("/proc/" + current.pid() + "/cwd"));
      List<String> command = new ArrayList<>();
      command.add(current.info().command().orElseThrow());
      command.addAll(List.of(current.info().arguments().orElseThrow()));
      if (restartedApiServer == null) {
        apiServerProcess.getClass().getMethod("stopApiServer").invoke(apiServerProcess);
      } else {
        restartedApiServer.destroyForcibly().waitFor();
      }
      Thread.sleep(down.toMillis());
      restartedApiServer =
          new ProcessBuilder(command)
              .directory(cwd.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(workDir.resolve("kube-apiserver.log").toFile()))
              .start();
      org.awaitility.Awaitility.await("kube-apiserver back after a restart")
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> admin.namespaces().withName(OPERATOR_NAMESPACE).get() != null);
    } catch (ReflectiveOperationException | IOException e) {
      throw new IllegalStateException("could not restart kube-apiserver", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process restartedApiServer;

  @Override
  public void close() {
    if (restartedApiServer != null) {
      restartedApiServer.destroyForcibly();
    }
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.stop();
    }
  }
}
