package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * What users do, on a real node: the operator's image (scripts/image.sh, imported, never pulled)
 * installed with helm into a namespace that enforces Pod Security "restricted", two replicas on a
 * kubelet with containerd (scripts/node-cluster.sh), AWS reached only through IRSA's web identity.
 * One release goes through its life in order: install, a scheduled backup, a leader pod deleted, an
 * upgrade, an uninstall. Backups are judged from moto and the cron's slots from the clock; which
 * pod made an AWS call from the projected token it presented (see {@link AwsCallLog}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmOnNodeIT {

  private static final String RELEASE = "ddb";
  private static final String SYSTEM = "ddbbackup-system";
  private static final String FULLNAME = "ddb-dynamodb-backup-operator";
  private static final String SHOP = "shop";
  private static final String SCHEDULE = "every-minute";
  private static final String TABLE = "orders";
  private static final String ROLE_ARN =
      "arn:aws:iam::" + Moto.ACCOUNT + ":role/ddb-backup-operator";
  private static final Map<String, String> POD_LABELS =
      Map.of(
          "app.kubernetes.io/name",
          "dynamodb-backup-operator",
          "app.kubernetes.io/instance",
          RELEASE);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern SLOT_BACKUP =
      Pattern.compile(Pattern.quote(SHOP + "-" + SCHEDULE + "-") + "\\d{8}T\\d{6}Z");

  private static Path workDir;
  private static Moto moto;
  private static NodeCluster cluster;
  private static AwsCallLog aws;
  private static String imageRef;
  private static Instant scheduleCreated;

  @BeforeAll
  static void startTheNodeMotoAndTheAwsHop() {
    workDir = Tools.workDir("HelmOnNodeIT");
    Tools.helm();
    Path archive = OperatorImage.archive();
    imageRef = OperatorImage.reference();
    moto = new Moto(workDir).start();
    moto.createTable(TABLE);
    long started = System.nanoTime();
    cluster = NodeCluster.start(workDir.resolve("cluster"));
    long up = System.nanoTime();
    cluster.importImage(archive);
    System.out.printf(
        "HelmOnNodeIT: node cluster up in %.1f s, operator image imported in %.1f s%n",
        (up - started) / 1e9, (System.nanoTime() - up) / 1e9);
    aws = new AwsCallLog(cluster.gateway(), moto.endpoint(), HelmOnNodeIT::review);
    for (String ns : List.of(SYSTEM, SHOP)) {
      admin()
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                  .endMetadata()
                  .build())
          .create();
    }
  }

  @AfterAll
  static void stopEverything() {
    List<AutoCloseable> all = new ArrayList<>();
    if (cluster != null) {
      saveDiagnostics();
      all.add(cluster);
    }
    all.add(aws);
    all.add(moto);
    for (AutoCloseable component : all) {
      try {
        if (component != null) {
          component.close();
        }
      } catch (Exception e) {
        System.err.println("HelmOnNodeIT: stopping " + component + " failed: " + e);
      }
    }
  }

  @Test
  @Order(1)
  void helmInstallIntoARestrictedNamespaceBecomesAvailableWithItsProbesPassing() {
    Cli.Result unsafe =
        cluster.kubectl(
            "run", "unsafe", "-n", SYSTEM, "--image=" + imageRef, "--dry-run=server", "-o", "name");
    assertThat(unsafe.succeeded())
        .as("the namespace refuses a pod without a security context")
        .isFalse();
    assertThat(unsafe.err()).contains("violates PodSecurity \"restricted:latest\"");

    int colon = imageRef.lastIndexOf(':');
    long started = System.nanoTime();
    cluster
        .helm(
            "install",
            RELEASE,
            Chart.PATH,
            "-n",
            SYSTEM,
            "--set",
            "image.repository=" + imageRef.substring(0, colon),
            "--set",
            "image.tag=" + imageRef.substring(colon + 1),
            "--set",
            "image.pullPolicy=Never",
            "--set",
            "replicas=2",
            "--set",
            "serviceAccount.roleArn=" + ROLE_ARN,
            "--set",
            "aws.region=" + Moto.REGION,
            "--set",
            "extraEnv[0].name=AWS_ENDPOINT_URL",
            "--set",
            "extraEnv[0].value=" + aws.endpoint())
        .ok();

    awaitAvailable(Duration.ofMinutes(4));
    System.out.printf(
        "HelmOnNodeIT: helm install to Deployment Available (2 pods ready) in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    List<Pod> pods = operatorPods();
    assertThat(pods).hasSize(2).allSatisfy(HelmOnNodeIT::assertReadyWithoutRestarts);
    String imageId = OperatorImage.configDigest();
    assertThat(pods)
        .as("both pods run on the node, from the image built here")
        .allSatisfy(
            p -> {
              assertThat(p.getSpec().getNodeName()).isEqualTo(cluster.nodeName());
              assertThat(p.getStatus().getContainerStatuses().get(0).getImageID())
                  .endsWith(imageId);
            });
  }

  @Test
  @Order(2)
  void aScheduleInAnotherNamespaceGetsItsFirstSlotBackedUpInMoto() {
    applySchedule();
    scheduleCreated =
        Instant.parse(
            admin()
                .genericKubernetesResources("ddbbackup.io/v1alpha1", "DynamoDBBackupSchedule")
                .inNamespace(SHOP)
                .withName(SCHEDULE)
                .get()
                .getMetadata()
                .getCreationTimestamp());
    Instant firstSlot = scheduleCreated.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);

    await("the first slot " + firstSlot + " backed up in moto (logs in " + workDir + ")")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> slotBackups().contains(backupName(firstSlot)));

    assertSlotsBackedUpExactlyOnce(firstSlot);
  }

  @Test
  @Order(3)
  void thePodsGetAwsCredentialsOnlyFromTheirProjectedServiceAccountToken() {
    List<Pod> pods = operatorPods();
    for (Pod pod : pods) {
      Container operator = pod.getSpec().getContainers().get(0);
      assertThat(operator.getEnv())
          .extracting(EnvVar::getName)
          .doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
          .contains("AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE");
      assertThat(pod.getSpec().getVolumes())
          .filteredOn(v -> "aws-iam-token".equals(v.getName()))
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.getProjected().getSources())
                      .singleElement()
                      .satisfies(
                          s ->
                              assertThat(s.getServiceAccountToken().getAudience())
                                  .isEqualTo("sts.amazonaws.com")));
    }

    List<AwsCallLog.WebIdentityCall> stsCalls = aws.webIdentityCalls();
    Set<String> podNames =
        pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    assertThat(stsCalls).isNotEmpty();
    assertThat(stsCalls)
        .allSatisfy(
            call -> {
              assertThat(call.roleArn()).isEqualTo(ROLE_ARN);
              assertThat(call.owner().authenticated())
                  .as("the API server accepts the token as one it issued")
                  .isTrue();
              assertThat(call.owner().username())
                  .isEqualTo("system:serviceaccount:" + SYSTEM + ":" + FULLNAME);
              assertThat(call.owner().audience()).contains("sts.amazonaws.com");
              assertThat(podNames).contains(call.owner().podName());
              assertThat(call.accessKeyId()).isNotBlank();
            });
    Set<String> issued =
        stsCalls.stream().map(AwsCallLog.WebIdentityCall::accessKeyId).collect(Collectors.toSet());
    assertThat(aws.dynamoDbCalls())
        .extracting(AwsCallLog.DynamoDbCall::operation)
        .contains("CreateBackup");
    assertThat(aws.dynamoDbCalls())
        .as("every DynamoDB call is signed with a key STS issued for a pod's token")
        .allSatisfy(call -> assertThat(issued).contains(call.accessKeyId()));
  }

  @Test
  @Order(4)
  void deletingTheLeaderPodHandsTheScheduleToTheOtherReplicaWithNoSlotTwice() {
    List<String> pods = names(operatorPods());
    String leader = leaseHolder();
    assertThat(pods).hasSize(2).contains(leader);
    String standby = pods.stream().filter(p -> !p.equals(leader)).findFirst().orElseThrow();
    assertThat(createBackupCallers())
        .as("only the leader has made backups so far")
        .containsOnly(leader);

    // The replacement pod must not race the standby for the lease: with the node cordoned it
    // stays Pending, so the standby is the only candidate, as while a real replacement is still
    // being scheduled and started elsewhere.
    cluster.kubectl("cordon", cluster.nodeName()).ok();
    try {
      saveLogs(leader);
      Instant deleted = Instant.now();
      admin().pods().inNamespace(SYSTEM).withName(leader).delete();
      await("the standby " + standby + " holds the lease")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> standby.equals(leaseHolder()));
      Duration takeover = Duration.between(deleted, Instant.now());

      Instant nextSlot = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
      await("the slot " + nextSlot + " after the takeover backed up")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> slotBackups().contains(backupName(nextSlot)));

      assertThat(aws.creatorsOf(backupName(nextSlot))).containsExactly(standby);
      assertSlotsBackedUpExactlyOnce(nextSlot);
      System.out.printf(
          "HelmOnNodeIT: leader %s deleted, %s took the lease after %.1f s%n",
          leader, standby, takeover.toMillis() / 1000.0);
    } finally {
      cluster.kubectl("uncordon", cluster.nodeName()).ok();
    }
    awaitAvailable(Duration.ofMinutes(3));
  }

  @Test
  @Order(5)
  void helmUpgradeWithAChangedValueRollsThePodsAndLosesNothing() {
    Set<String> backupsBefore = backupArns();
    Set<String> podsBefore = new HashSet<>(names(operatorPods()));
    podsBefore.forEach(HelmOnNodeIT::saveLogs);

    Instant upgraded = Instant.now();
    cluster
        .helm(
            "upgrade",
            RELEASE,
            Chart.PATH,
            "-n",
            SYSTEM,
            "--reuse-values",
            "--set",
            "logFormat=json")
        .ok();

    await("the rollout finished: two new pods available, none of the old ones left")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              List<Pod> now = operatorPods();
              return rolledOut()
                  && now.size() == 2
                  && now.stream().noneMatch(p -> podsBefore.contains(p.getMetadata().getName()))
                  && now.stream().allMatch(HelmOnNodeIT::ready);
            });
    Instant rolledOut = Instant.now();
    System.out.printf(
        "HelmOnNodeIT: helm upgrade rolled both pods in %.1f s%n",
        Duration.between(upgraded, rolledOut).toMillis() / 1000.0);
    List<Pod> newPods = operatorPods();
    assertThat(newPods).allSatisfy(HelmOnNodeIT::assertReadyWithoutRestarts);
    for (Pod pod : newPods) {
      assertThat(pod.getSpec().getContainers().get(0).getEnv())
          .contains(new EnvVar("LOG_FORMAT", "json", null));
      assertLogsAreJsonLines(pod.getMetadata().getName());
    }

    Instant nextSlot = rolledOut.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    await("the slot " + nextSlot + " after the rollout backed up")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> slotBackups().contains(backupName(nextSlot)));

    assertThat(aws.creatorsOf(backupName(nextSlot))).singleElement().isIn(names(newPods));
    assertThat(backupArns()).containsAll(backupsBefore);
    assertSlotsBackedUpExactlyOnce(nextSlot);
  }

  @Test
  @Order(6)
  void helmUninstallLeavesTheCrdTheScheduleAndItsBackups() {
    Instant lastSlot = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    await("the slot " + lastSlot + " backed up before the uninstall")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> slotBackups().contains(backupName(lastSlot)));
    Set<String> backupsBefore = backupArns();
    names(operatorPods()).forEach(HelmOnNodeIT::saveLogs);

    cluster.helm("uninstall", RELEASE, "-n", SYSTEM, "--wait", "--timeout=3m").ok();
    await("the operator's pods gone")
        .atMost(Duration.ofMinutes(2))
        .until(() -> operatorPods().isEmpty());

    assertThat(admin().apps().deployments().inNamespace(SYSTEM).withName(FULLNAME).get()).isNull();
    assertThat(
            admin()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("dynamodbbackupschedules.ddbbackup.io")
                .get())
        .isNotNull();
    assertThat(
            admin()
                .genericKubernetesResources("ddbbackup.io/v1alpha1", "DynamoDBBackupSchedule")
                .inNamespace(SHOP)
                .withName(SCHEDULE)
                .get())
        .isNotNull();
    assertThat(backupArns()).containsAll(backupsBefore);
    assertSlotsBackedUpExactlyOnce(lastSlot);
  }

  // ---- the cluster, read through the admin client --------------------------------------------

  private static KubernetesClient admin() {
    return cluster.admin();
  }

  private static List<Pod> operatorPods() {
    return admin().pods().inNamespace(SYSTEM).withLabels(POD_LABELS).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void assertReadyWithoutRestarts(Pod pod) {
    assertThat(pod.getStatus().getConditions())
        .filteredOn(c -> "Ready".equals(c.getType()))
        .extracting(PodCondition::getStatus)
        .containsExactly("True");
    assertThat(pod.getStatus().getContainerStatuses())
        .extracting(ContainerStatus::getRestartCount)
        .containsOnly(0);
  }

  private static void awaitAvailable(Duration atMost) {
    await("Deployment " + FULLNAME + " Available with 2 ready pods (logs in " + workDir + ")")
        .atMost(atMost)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Deployment d =
                  admin().apps().deployments().inNamespace(SYSTEM).withName(FULLNAME).get();
              return d != null
                  && d.getStatus() != null
                  && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas())
                  && d.getStatus().getConditions().stream()
                      .anyMatch(
                          (DeploymentCondition c) ->
                              "Available".equals(c.getType()) && "True".equals(c.getStatus()));
            });
  }

  /** As `kubectl rollout status`: the new template observed, updated and available everywhere. */
  private static boolean rolledOut() {
    Deployment d = admin().apps().deployments().inNamespace(SYSTEM).withName(FULLNAME).get();
    var status = d.getStatus();
    int want = d.getSpec().getReplicas();
    return status != null
        && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= d.getMetadata().getGeneration()
        && Integer.valueOf(want).equals(status.getUpdatedReplicas())
        && Integer.valueOf(want).equals(status.getReplicas())
        && Integer.valueOf(want).equals(status.getAvailableReplicas());
  }

  private static String leaseHolder() {
    Lease lease = admin().leases().inNamespace(SYSTEM).withName(FULLNAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void applySchedule() {
    cluster
        .kubectl(
            "apply",
            "-f",
            writeScratch(
                "schedule.yaml",
                """
                apiVersion: ddbbackup.io/v1alpha1
                kind: DynamoDBBackupSchedule
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  tableName: %s
                  schedule: "* * * * *"
                """
                    .formatted(SCHEDULE, SHOP, TABLE)))
        .ok();
  }

  private static AwsCallLog.TokenOwner review(String token) {
    TokenReview review =
        admin()
            .authentication()
            .v1()
            .tokenReviews()
            .create(
                new TokenReviewBuilder()
                    .withNewSpec()
                    .withToken(token)
                    .withAudiences("sts.amazonaws.com")
                    .endSpec()
                    .build());
    var status = review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      return AwsCallLog.TokenOwner.NOBODY;
    }
    List<String> pod =
        status.getUser().getExtra() == null
            ? List.of()
            : status
                .getUser()
                .getExtra()
                .getOrDefault("authentication.kubernetes.io/pod-name", List.of());
    return new AwsCallLog.TokenOwner(
        true,
        status.getUser().getUsername(),
        pod.isEmpty() ? "" : pod.get(0),
        status.getAudiences() == null ? List.of() : status.getAudiences());
  }

  private static List<String> createBackupCallers() {
    return aws.dynamoDbCalls().stream()
        .filter(c -> "CreateBackup".equals(c.operation()))
        .map(c -> aws.podOf(c.accessKeyId()).orElse("<a key no web identity call got>"))
        .distinct()
        .toList();
  }

  // ---- the judge: slots from the cron and the clock, backups from moto --------------------------

  private static String backupName(Instant slot) {
    return SHOP + "-" + SCHEDULE + "-" + STAMP.format(slot);
  }

  /** The schedule's backups in moto, by name, duplicates kept. */
  private static List<String> slotBackups() {
    return moto.backups(TABLE).stream()
        .map(BackupSummary::backupName)
        .filter(n -> SLOT_BACKUP.matcher(n).matches())
        .sorted()
        .toList();
  }

  private static Set<String> backupArns() {
    return moto.backups(TABLE).stream().map(BackupSummary::backupArn).collect(Collectors.toSet());
  }

  /** Every minute of `* * * * *` after the schedule was created, up to {@code last}. */
  private static List<String> expectedSlotNames(Instant last) {
    List<String> names = new ArrayList<>();
    for (Instant slot = scheduleCreated.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        !slot.isAfter(last);
        slot = slot.plusSeconds(60)) {
      names.add(backupName(slot));
    }
    return names;
  }

  private static void assertSlotsBackedUpExactlyOnce(Instant upTo) {
    List<String> expected = expectedSlotNames(upTo);
    List<String> inMoto =
        slotBackups().stream().filter(n -> n.compareTo(backupName(upTo)) <= 0).toList();
    assertThat(inMoto).as("one backup per slot up to " + upTo).containsExactlyElementsOf(expected);
  }

  private static void assertLogsAreJsonLines(String pod) {
    String logs = cluster.kubectl("logs", "-n", SYSTEM, pod).ok().out();
    ObjectMapper json = new ObjectMapper();
    List<String> records =
        logs.lines()
            .filter(l -> !l.isBlank() && !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))
            .toList();
    assertThat(records).isNotEmpty();
    assertThat(records)
        .allSatisfy(
            line ->
                assertThat(json.readTree(line).isObject()).as("a JSON object: " + line).isTrue());
  }

  // ---- scratch files and diagnostics -----------------------------------------------------------

  private static String writeScratch(String name, String content) {
    try {
      return Files.writeString(workDir.resolve(name), content).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void saveLogs(String pod) {
    Cli.Result logs = cluster.kubectl("logs", "-n", SYSTEM, pod);
    writeScratch("pod-" + pod + ".log", logs.out() + logs.err());
  }

  private static void saveDiagnostics() {
    try {
      names(operatorPods()).forEach(HelmOnNodeIT::saveLogs);
      Cli.Result all = cluster.kubectl("get", "all,leases,events", "-A", "-o", "wide");
      writeScratch("cluster-state.txt", all.out() + all.err());
    } catch (RuntimeException e) {
      System.err.println("HelmOnNodeIT: could not save diagnostics: " + e);
    }
  }
}
