package io.ddbbackup.operator.deploy;

import static io.ddbbackup.operator.e2e.ReadyCondition.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.e2e.ControlPlane;
import io.ddbbackup.operator.e2e.FreePort;
import io.ddbbackup.operator.e2e.Moto;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
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
 * the kubelet mounts (a real one from the test kube-apiserver, so RBAC applies), and what the EKS
 * IRSA webhook adds for the role annotation (AWS_ROLE_ARN and a web identity token file, again a
 * real ServiceAccount token, audience sts.amazonaws.com). No AWS keys: every AWS call goes through
 * STS AssumeRoleWithWebIdentity at moto. {@code --network=host} lets it reach the API server and
 * moto on loopback.
 */
class ImageIT {

  private static final String RELEASE = "dynamodb-backup-operator";
  private static final String SYSTEM = ControlPlane.OPERATOR_NAMESPACE;
  private static final String ROLE_ARN = "arn:aws:iam::" + Moto.ACCOUNT + ":role/ddb-backup";
  private static final String TABLE = "orders";
  private static final String NAMESPACE = "shop";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path workDir;
  private static ControlPlane controlPlane;
  private static Moto moto;
  private static String builtImage;
  private static Manifests chart;
  private static String container;
  private static int port;

  @BeforeAll
  static void buildTheImageAndRunItAsTheChartWould() throws IOException {
    workDir = io.ddbbackup.operator.e2e.Tools.workDir("ImageIT");
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
    controlPlane.createNamespace(NAMESPACE);

    port = FreePort.pick();
    chart =
        Manifests.parse(
            Chart.template(
                RELEASE,
                SYSTEM,
                "--set",
                "serviceAccount.roleArn=" + ROLE_ARN,
                "--set",
                "aws.region=" + Moto.REGION,
                "--set",
                "metrics.port=" + port,
                "--set",
                "extraEnv[0].name=AWS_ENDPOINT_URL",
                "--set",
                "extraEnv[0].value=" + moto.endpoint()));

    container = "ddbbackup-image-it-" + ProcessHandle.current().pid();
    Podman.run(podmanRun()).ok();
    await("the container's /readyz answers 200 (log: " + workDir.resolve("container.log") + ")")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .failFast("the container stopped; its log: " + saveLog(), () -> !running())
        .until(() -> status("/readyz") == 200);
  }

  @AfterAll
  static void stopEverything() {
    if (container != null) {
      saveLog();
      Podman.run("rm", "--force", "--time", "10", container);
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
    assertThat(operatorContainer().getImage()).isEqualTo(builtImage);
    assertThat(Podman.run("image", "exists", builtImage).succeeded()).isTrue();
    // a numeric user in the image: kubelet's runAsNonRoot check passes even without runAsUser
    assertThat(
            Podman.run("image", "inspect", "--format", "{{.Config.User}}", builtImage).ok().out())
        .isEqualToIgnoringWhitespace("65532:65532");
  }

  @Test
  void theProcessRunsAsUid65532WithoutCapabilitiesOnAReadOnlyRoot() throws IOException {
    String pid = Podman.run("inspect", "--format", "{{.State.Pid}}", container).ok().out().strip();
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
    assertThat(operatorContainer().getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operatorContainer().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operatorContainer().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getContainerPort()).isEqualTo(port);
            });

    assertThat(status("/healthz")).isEqualTo(200);
    assertThat(status("/readyz")).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    // the JVM series need jdk.management in the cut-down runtime, the operator's its informers
    assertThat(metrics.body()).contains("jvm_memory_used_bytes", "jvm_gc_", "operator_sdk_");
  }

  @Test
  void aScheduleIsBackedUpByTheContainerThroughIrsa() {
    Pattern owned = Pattern.compile(Pattern.quote(NAMESPACE + "-nightly-") + "\\d{8}T\\d{6}Z");
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
            .formatted(NAMESPACE, TABLE);
    controlPlane
        .admin()
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
        .create();

    List<BackupSummary> backups = new ArrayList<>();
    await("a backup of " + TABLE + " in moto (container log " + saveLog() + ")")
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

    await("the schedule reports that backup, Ready (container log " + saveLog() + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              DynamoDBBackupSchedule s =
                  controlPlane
                      .admin()
                      .resources(DynamoDBBackupSchedule.class)
                      .inNamespace(NAMESPACE)
                      .withName("nightly")
                      .get();
              return isReady(s, "True", "Scheduled")
                  && backup.backupArn().equals(s.getStatus().getLastBackupArn())
                  && "AVAILABLE".equals(s.getStatus().getLastBackupStatus());
            });
    String scrape = get("/metrics").body();
    assertThat(
            scrape
                .lines()
                .filter(l -> l.startsWith("ddbbackup_backups_taken_total{"))
                .filter(l -> l.contains("namespace=\"" + NAMESPACE + "\""))
                .filter(l -> l.contains("name=\"nightly\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst())
        .contains((double) backups.size());
  }

  // ---- the chart's pod as a podman run ----

  private static Container operatorContainer() {
    return podSpec().getContainers().get(0);
  }

  private static PodSpec podSpec() {
    return chart.one(Deployment.class).getSpec().getTemplate().getSpec();
  }

  private static List<String> podmanRun() throws IOException {
    PodSpec pod = podSpec();
    assertThat(pod.getContainers()).hasSize(1);
    Container operator = pod.getContainers().get(0);
    var podContext = pod.getSecurityContext();
    var context = operator.getSecurityContext();
    ServiceAccount account = chart.one(ServiceAccount.class);
    assertThat(pod.getServiceAccountName())
        .as("the account config/rbac binds in the test API server")
        .isEqualTo(ControlPlane.OPERATOR_SERVICE_ACCOUNT)
        .isEqualTo(account.getMetadata().getName());

    List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", container));
    run.add("--network=host");
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
    Quantity memory = operator.getResources().getLimits().get("memory");
    if (memory != null) {
      run.add("--memory=" + Quantity.getAmountInBytes(memory).longValueExact() + "b");
    }
    for (var mount : operator.getVolumeMounts()) {
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

    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : operator.getEnv()) {
      env.put(var.getName(), value(var));
    }
    // the kubelet: the ServiceAccount token and the API server's address
    Path kube = writeServiceAccountMount("kube-serviceaccount", token(List.of()));
    run.add("--volume=" + kube + ":/var/run/secrets/kubernetes.io/serviceaccount:ro");
    URI apiServer = URI.create(controlPlane.admin().getConfiguration().getMasterUrl());
    env.put("KUBERNETES_SERVICE_HOST", apiServer.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(apiServer.getPort()));
    // the EKS IRSA webhook, for the ServiceAccount's role annotation
    String roleArn = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
    assertThat(roleArn).isEqualTo(ROLE_ARN);
    Path irsa = Files.createDirectories(workDir.resolve("eks-serviceaccount"));
    Files.writeString(irsa.resolve("token"), token(List.of("sts.amazonaws.com")));
    run.add("--volume=" + irsa + ":/var/run/secrets/eks.amazonaws.com/serviceaccount:ro");
    env.put("AWS_ROLE_ARN", roleArn);
    env.put(
        "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
    env.put("AWS_STS_REGIONAL_ENDPOINTS", "regional");
    env.forEach((name, value) -> run.add("--env=" + name + "=" + value));

    run.add(operator.getImage());
    if (operator.getArgs() != null) {
      run.addAll(operator.getArgs());
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

  private static Path writeServiceAccountMount(String name, String token) throws IOException {
    var config = controlPlane.admin().getConfiguration();
    String ca =
        config.getCaCertData() != null
            ? new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8)
            : Files.readString(Path.of(config.getCaCertFile()));
    Path dir = Files.createDirectories(workDir.resolve(name));
    Files.writeString(dir.resolve("token"), token);
    Files.writeString(dir.resolve("ca.crt"), ca);
    Files.writeString(dir.resolve("namespace"), SYSTEM);
    return dir;
  }

  // ---- looking at the container ----

  private static boolean running() {
    Cli.Result result = Podman.run("inspect", "--format", "{{.State.Running}}", container);
    return result.succeeded() && result.out().strip().equals("true");
  }

  private static Path saveLog() {
    Path log = workDir.resolve("container.log");
    Cli.Result logs = Podman.run("logs", container);
    try {
      Files.writeString(log, logs.out() + logs.err());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return log;
  }

  private static Map<String, String> procStatus(String pid) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
      int colon = line.indexOf(':');
      fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return fields;
  }

  private static int status(String path) {
    try {
      return get(path).statusCode();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  private static HttpResponse<String> get(String path) {
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
}
