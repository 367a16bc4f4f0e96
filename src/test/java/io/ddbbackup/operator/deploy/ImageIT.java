package io.ddbbackup.operator.deploy;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.FreePort;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * The image scripts/image.sh builds (the released one), run the way the chart runs it. The
 * Deployment and ServiceAccount that {@code helm template} renders are turned into a {@code podman
 * run}: the chart's image, environment, user, read-only root, dropped capabilities, no privilege
 * escalation, /tmp volume and memory limit. Around it, what a node adds: the ServiceAccount token
 * the kubelet mounts (a real one from the test kube-apiserver, so RBAC applies) and the AWS
 * identity EKS adds. Two containers run side by side, each watching its own namespace:
 *
 * <ul>
 *   <li>IRSA: for the role annotation the webhook adds AWS_ROLE_ARN and a web identity token file
 *       (a real ServiceAccount token, audience sts.amazonaws.com); the SDK calls STS
 *       AssumeRoleWithWebIdentity at moto;
 *   <li>EKS Pod Identity: AWS_CONTAINER_CREDENTIALS_FULL_URI pointing at a stand-in for the node's
 *       Pod Identity agent and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (audience
 *       pods.eks.amazonaws.com); the agent answers only to that token.
 * </ul>
 *
 * No AWS keys anywhere. {@code --network=host} lets them reach the API server, moto and the agent
 * on loopback.
 */
class ImageIT {

  private static final String SYSTEM = ControlPlane.OPERATOR_NAMESPACE;
  private static final String ROLE_ARN = "arn:aws:iam::" + Moto.ACCOUNT + ":role/ddb-backup";
  private static final String TABLE = "orders";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path workDir;
  private static ControlPlane controlPlane;
  private static Moto moto;
  private static PodIdentityAgent agent;
  private static String builtImage;
  private static ChartContainer irsa;
  private static ChartContainer podIdentity;

  @BeforeAll
  static void buildTheImageAndRunItAsTheChartWould() throws IOException {
    workDir = Tools.workDir("ImageIT");
    long started = System.nanoTime();
    Cli.Result build =
        Cli.run(List.of("bash", "scripts/image.sh"), null, Podman.environment()).ok();
    System.out.print(build.out());
    System.out.printf(
        "[ImageIT] scripts/image.sh took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
    builtImage = ProjectFiles.read("target/image/image.ref").strip();

    controlPlane = new ControlPlane(workDir).start();
    moto = new Moto(workDir).start();
    moto.createTable(TABLE);
    agent = new PodIdentityAgent(token(List.of("pods.eks.amazonaws.com")));

    irsa =
        new ChartContainer(
            "irsa",
            "--set",
            "serviceAccount.roleArn=" + ROLE_ARN,
            "--set",
            "aws.region=" + Moto.REGION);
    podIdentity = new ChartContainer("pod-identity", "--set", "aws.region=" + Moto.REGION);
    irsa.start(ImageIT::irsaWebhook);
    podIdentity.start(ImageIT::podIdentityWebhook);
    irsa.awaitReady();
    podIdentity.awaitReady();
  }

  @AfterAll
  static void stopEverything() {
    for (ChartContainer container : new ChartContainer[] {irsa, podIdentity}) {
      if (container != null) {
        container.close();
      }
    }
    if (agent != null) {
      agent.close();
    }
    if (moto != null) {
      moto.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void theChartsDefaultImageIsTheOneTheBuildMade() {
    Deployment defaults = Chart.render().one(Deployment.class);

    assertThat(defaults.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(builtImage);
    assertThat(irsa.operator().getImage()).isEqualTo(builtImage);
    assertThat(Podman.run("image", "exists", builtImage).succeeded()).isTrue();
    // a numeric user in the image: kubelet's runAsNonRoot check passes even without runAsUser
    assertThat(
            Podman.run("image", "inspect", "--format", "{{.Config.User}}", builtImage).ok().out())
        .isEqualToIgnoringWhitespace("65532:65532");
  }

  @Test
  void theImageHasNoShellAndCarriesTheProjectsLicense() throws IOException {
    Cli.Result shell =
        Podman.run("run", "--rm", "--network=none", "--entrypoint=/bin/sh", builtImage, "-c", "id");
    Path root = Path.of(Podman.run("image", "mount", builtImage).ok().out().strip());
    try {
      assertThat(root.resolve("app/LICENSE")).hasSameTextualContentAs(ProjectFiles.path("LICENSE"));
      assertThat(root.resolve("bin")).doesNotExist();
      assertThat(root.resolve("usr/bin")).doesNotExist();
    } finally {
      Podman.run("image", "unmount", builtImage);
    }

    assertThat(shell.succeeded()).as("a shell in the image").isFalse();
  }

  @Test
  void theProcessRunsAsUid65532WithoutCapabilitiesOnAReadOnlyRoot() throws IOException {
    String pid = Podman.run("inspect", "--format", "{{.State.Pid}}", irsa.name).ok().out().strip();
    Map<String, String> status = procStatus(pid);

    assertThat(status.get("Uid").split("\\s+")).containsOnly("65532");
    assertThat(status.get("Gid").split("\\s+")).containsOnly("65532");
    assertThat(status.get("CapEff")).isEqualTo("0000000000000000");
    assertThat(status.get("CapPrm")).isEqualTo("0000000000000000");
    assertThat(status.get("CapBnd")).isEqualTo("0000000000000000");
    assertThat(status.get("NoNewPrivs")).isEqualTo("1");

    List<String[]> mounts =
        Files.readAllLines(Path.of("/proc", pid, "mounts")).stream()
            .map(l -> l.split(" "))
            .toList();
    assertThat(mounts)
        .filteredOn(m -> m[1].equals("/"))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m[3].split(",")).contains("ro"));
    assertThat(mounts)
        .filteredOn(m -> m[1].equals("/tmp"))
        .singleElement()
        .satisfies(m -> assertThat(m[2]).isEqualTo("tmpfs"));
  }

  @Test
  void healthReadinessAndMetricsAnswerOnThePortTheProbesUse() {
    Container operator = irsa.operator();
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getContainerPort()).isEqualTo(irsa.port);
            });

    assertThat(irsa.status("/healthz")).isEqualTo(200);
    assertThat(irsa.status("/readyz")).isEqualTo(200);
    HttpResponse<String> metrics = irsa.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    // the JVM series need jdk.management in the cut-down runtime, the operator's its informers
    assertThat(metrics.body()).contains("jvm_memory_used_bytes", "jvm_gc_", "operator_sdk_");
  }

  @Test
  void aScheduleIsBackedUpByTheContainerThroughIrsa() {
    assertBacksUpASchedule(irsa);
  }

  @Test
  void aScheduleIsBackedUpByTheContainerThroughEksPodIdentity() {
    assertBacksUpASchedule(podIdentity);

    assertThat(agent.authorizations())
        .as("the SDK fetched its credentials from the agent with the mounted token")
        .isNotEmpty()
        .containsOnly(agent.token);
  }

  @Test
  void theHelmTestPodPassesAgainstTheRunningOperator() {
    Pod test = irsa.chart.one(Pod.class);
    assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    Container check = test.getSpec().getContainers().get(0);
    String service = URI.create(check.getArgs().get(1)).getHost();

    List<String> run = new ArrayList<>(List.of("run", "--rm", "--network=host"));
    // the Service's DNS name leads to the operator container (on the host's network here)
    run.add("--add-host=" + service + ":127.0.0.1");
    run.addAll(ChartContainer.restrictions(test.getSpec(), check));
    for (EnvVar var : check.getEnv()) {
      run.add("--env=" + var.getName() + "=" + var.getValue());
    }
    run.add(check.getImage());
    run.addAll(check.getArgs());
    Cli.Result result = Podman.run(run);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("/readyz: 200 OK", "/metrics: 200 OK");
  }

  /**
   * A schedule in the container's namespace: one backup in moto, reported in status and metrics.
   */
  private static void assertBacksUpASchedule(ChartContainer container) {
    String namespace = container.watched;
    Pattern owned = Pattern.compile(Pattern.quote(namespace + "_nightly-") + "\\d{8}T\\d{6}Z");
    String yaml =
        """
        apiVersion: ddbbackup.io/v1alpha1
        kind: DynamoDBBackupSchedule
        metadata:
          name: nightly
          namespace: %s
        spec:
          tableName: %s
          schedule: "0 3 * * *"
          immediate: true
        """
            .formatted(namespace, TABLE);
    controlPlane
        .admin()
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
        .create();

    List<BackupSummary> backups = new ArrayList<>();
    await("a backup of " + TABLE + " in moto (container log " + container.saveLog() + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              backups.clear();
              moto.backups(TABLE).stream()
                  .filter(b -> owned.matcher(b.backupName()).matches())
                  .forEach(backups::add);
              return !backups.isEmpty();
            });
    assertThat(backups).hasSize(1);
    BackupSummary backup = backups.get(0);

    await("the schedule reports that backup, Ready (container log " + container.saveLog() + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              DynamoDBBackupSchedule s =
                  controlPlane
                      .admin()
                      .resources(DynamoDBBackupSchedule.class)
                      .inNamespace(namespace)
                      .withName("nightly")
                      .get();
              return isReady(s, "True", "Scheduled")
                  && backup.backupArn().equals(s.getStatus().getLastBackupArn())
                  && "AVAILABLE".equals(s.getStatus().getLastBackupStatus());
            });
    String scrape = container.get("/metrics").body();
    assertThat(
            scrape
                .lines()
                .filter(l -> l.startsWith("ddbbackup_backups_taken_total{"))
                .filter(l -> l.contains("namespace=\"" + namespace + "\""))
                .filter(l -> l.contains("name=\"nightly\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst())
        .contains((double) backups.size());
  }

  // ---- what EKS adds to the pod for its ServiceAccount ----

  /** IRSA's webhook, for the role annotation on the ServiceAccount. */
  private static void irsaWebhook(
      ChartContainer container, List<String> run, Map<String, String> env) throws IOException {
    String roleArn =
        container
            .chart
            .operatorAccount()
            .getMetadata()
            .getAnnotations()
            .get("eks.amazonaws.com/role-arn");
    assertThat(roleArn).isEqualTo(ROLE_ARN);
    Path dir = Files.createDirectories(container.dir.resolve("eks-serviceaccount"));
    Files.writeString(dir.resolve("token"), token(List.of("sts.amazonaws.com")));
    run.add("--volume=" + dir + ":/var/run/secrets/eks.amazonaws.com/serviceaccount:ro");
    env.put("AWS_ROLE_ARN", roleArn);
    env.put(
        "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
    env.put("AWS_STS_REGIONAL_ENDPOINTS", "regional");
  }

  /** EKS Pod Identity's webhook, for an association of the ServiceAccount (the chart has none). */
  private static void podIdentityWebhook(
      ChartContainer container, List<String> run, Map<String, String> env) throws IOException {
    assertThat(container.chart.operatorAccount().getMetadata().getAnnotations()).isNullOrEmpty();
    Path dir = Files.createDirectories(container.dir.resolve("pod-identity-serviceaccount"));
    Files.writeString(dir.resolve("eks-pod-identity-token"), agent.token);
    run.add("--volume=" + dir + ":/var/run/secrets/pods.eks.amazonaws.com/serviceaccount:ro");
    // on EKS http://169.254.170.23/v1/credentials, the agent on the node
    env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.uri());
    env.put(
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
        "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token");
  }

  /** A token for the operator's ServiceAccount from the TokenRequest API, as the kubelet gets. */
  private static String token(List<String> audiences) {
    return controlPlane
        .admin()
        .serviceAccounts()
        .inNamespace(SYSTEM)
        .withName(ControlPlane.OPERATOR_SERVICE_ACCOUNT)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(audiences)
                .withExpirationSeconds(3600L)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  private static Map<String, String> procStatus(String pid) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
      int colon = line.indexOf(':');
      fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return fields;
  }

  /** What EKS adds for the pod's AWS identity: podman options and environment variables. */
  @FunctionalInterface
  private interface Webhook {
    void mutate(ChartContainer container, List<String> run, Map<String, String> env)
        throws IOException;
  }

  /** The chart's Deployment, rendered with some values, as one podman container. */
  private static final class ChartContainer implements AutoCloseable {

    final String watched;
    final String name;
    final int port = FreePort.pick();
    final Path dir;
    final Manifests chart;

    ChartContainer(String watched, String... values) throws IOException {
      this.watched = watched;
      this.name = "ddbbackup-image-it-" + watched + "-" + ProcessHandle.current().pid();
      this.dir = Files.createDirectories(workDir.resolve(watched));
      controlPlane.createNamespace(watched);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--set",
                  "watchNamespaces={" + watched + "}",
                  "--set",
                  "leaderElection.leaseName=dynamodb-backup-operator-" + watched,
                  "--set",
                  "metrics.port=" + port,
                  // the Service's port too: here "the Service" is the host's loopback
                  "--set",
                  "metrics.service.port=" + port,
                  "--set",
                  "extraEnv[0].name=AWS_ENDPOINT_URL",
                  "--set",
                  "extraEnv[0].value=" + moto.endpoint()));
      args.addAll(List.of(values));
      // the release name that makes the ServiceAccount the one config/rbac binds
      chart =
          Manifests.parse(
              Chart.template("dynamodb-backup-operator", SYSTEM, args.toArray(String[]::new)));
    }

    Container operator() {
      return pod().getContainers().get(0);
    }

    private PodSpec pod() {
      return chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    }

    void start(Webhook webhook) throws IOException {
      PodSpec pod = pod();
      assertThat(pod.getContainers()).hasSize(1);
      Container operator = operator();
      assertThat(pod.getServiceAccountName())
          .as("the account config/rbac binds in the test API server")
          .isEqualTo(ControlPlane.OPERATOR_SERVICE_ACCOUNT)
          .isEqualTo(chart.operatorAccount().getMetadata().getName());

      List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", name));
      run.add("--network=host");
      run.addAll(restrictions(pod, operator));
      Quantity memory = operator.getResources().getLimits().get("memory");
      if (memory != null) {
        run.add("--memory=" + Quantity.getAmountInBytes(memory).longValueExact() + "b");
      }

      Map<String, String> env = new LinkedHashMap<>();
      for (EnvVar var : operator.getEnv()) {
        env.put(var.getName(), value(var));
      }
      // the kubelet: the ServiceAccount token and the API server's address
      Path kube = serviceAccountMount();
      run.add("--volume=" + kube + ":/var/run/secrets/kubernetes.io/serviceaccount:ro");
      URI apiServer = URI.create(controlPlane.admin().getConfiguration().getMasterUrl());
      env.put("KUBERNETES_SERVICE_HOST", apiServer.getHost());
      env.put("KUBERNETES_SERVICE_PORT", String.valueOf(apiServer.getPort()));
      webhook.mutate(this, run, env);
      env.forEach((key, value) -> run.add("--env=" + key + "=" + value));

      run.add(operator.getImage());
      if (operator.getArgs() != null) {
        run.addAll(operator.getArgs());
      }
      Podman.run(run).ok();
    }

    void awaitReady() {
      await(name + " /readyz answers 200 (log " + dir.resolve("container.log") + ")")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .failFast(
              "the container stopped; its log: " + dir.resolve("container.log"),
              () -> {
                if (running()) {
                  return false;
                }
                saveLog();
                return true;
              })
          .until(() -> status("/readyz") == 200);
    }

    /**
     * The pod's and container's security settings and emptyDir volumes as podman options: user,
     * read-only root, dropped capabilities, no privilege escalation, a tmpfs per emptyDir.
     */
    static List<String> restrictions(PodSpec pod, Container container) {
      var podContext = pod.getSecurityContext();
      var context = container.getSecurityContext();
      List<String> run = new ArrayList<>();
      long user = Optional.ofNullable(context.getRunAsUser()).orElse(podContext.getRunAsUser());
      long group = Optional.ofNullable(context.getRunAsGroup()).orElse(podContext.getRunAsGroup());
      run.add("--user=" + user + ":" + group);
      if (Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
        // only what the pod mounts is writable: no extra tmpfs from podman
        run.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
      }
      for (String capability : context.getCapabilities().getDrop()) {
        run.add("--cap-drop=" + capability);
      }
      if (Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
        run.add("--security-opt=no-new-privileges");
      }
      for (var mount : container.getVolumeMounts()) {
        var volume =
            pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getEmptyDir())
            .as("only emptyDir volumes are mounted with these values: %s", volume.getName())
            .isNotNull();
        long size = Quantity.getAmountInBytes(volume.getEmptyDir().getSizeLimit()).longValueExact();
        run.addAll(List.of("--tmpfs", mount.getMountPath() + ":rw,size=" + size + ",mode=1777"));
      }
      return run;
    }

    /** A value, or the one downward-API field the chart uses (the pod's namespace). */
    private static String value(EnvVar var) {
      if (var.getValueFrom() == null) {
        return var.getValue() == null ? "" : var.getValue();
      }
      String field = var.getValueFrom().getFieldRef().getFieldPath();
      assertThat(field)
          .as("env %s from a field this test can supply", var.getName())
          .isEqualTo("metadata.namespace");
      return SYSTEM;
    }

    private Path serviceAccountMount() throws IOException {
      var config = controlPlane.admin().getConfiguration();
      String ca =
          config.getCaCertData() != null
              ? new String(
                  Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8)
              : Files.readString(Path.of(config.getCaCertFile()));
      Path mount = Files.createDirectories(dir.resolve("kube-serviceaccount"));
      Files.writeString(mount.resolve("token"), token(List.of()));
      Files.writeString(mount.resolve("ca.crt"), ca);
      Files.writeString(mount.resolve("namespace"), SYSTEM);
      return mount;
    }

    boolean running() {
      Cli.Result result = Podman.run("inspect", "--format", "{{.State.Running}}", name);
      return result.succeeded() && result.out().strip().equals("true");
    }

    Path saveLog() {
      Path log = dir.resolve("container.log");
      Cli.Result logs = Podman.run("logs", name);
      try {
        Files.writeString(log, logs.out() + logs.err());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return log;
    }

    int status(String path) {
      try {
        return get(path).statusCode();
      } catch (UncheckedIOException e) {
        return -1;
      }
    }

    HttpResponse<String> get(String path) {
      try {
        return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      saveLog();
      Podman.run("rm", "--force", "--time", "10", name);
    }
  }
}
