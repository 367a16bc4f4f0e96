package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ddbbackup.operator.app.OperatorConfig;
import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** helm lint and the rendered chart, parsed with fabric8. Needs helm (scripts/install-tools.sh). */
class HelmChartIT {

  private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/dynamodb-backup-operator";
  private static final String REPLAY_ROLE_ARN = "arn:aws:iam::111122223333:role/ddb-replay";
  private static final String FULLNAME = "ddb-dynamodb-backup-operator";

  @Test
  void theChartLintsCleanWithDefaultAndFullValues() {
    Cli.run(Cli.args(Tools.helm(), "lint", "--strict", Chart.PATH)).ok();
    Cli.run(
            Cli.args(
                Tools.helm(),
                "lint",
                "--strict",
                Chart.PATH,
                "--set",
                "watchNamespaces={shop,billing}",
                "--set",
                "replicas=2",
                "--set",
                "metrics.serviceMonitor.enabled=true",
                "--set",
                "serviceAccount.roleArn=" + ROLE_ARN,
                "--set",
                "aws.region=eu-west-1"))
        .ok();
  }

  @Test
  void byDefaultOneRestrictedReplicaRunsWithLeaderElectionAndNoPdb() {
    Manifests chart = Chart.render();

    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    RestrictedPod.assertRestricted(deployment.getSpec().getTemplate().getSpec());
    var operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage())
        .isEqualTo(System.getProperty("image.name") + ":" + System.getProperty("project.version"));
    assertThat(RestrictedPod.env(operator, "WATCH_NAMESPACES")).isEmpty();
    assertThat(RestrictedPod.env(operator, "LEASE_NAME")).isEqualTo("ddb-dynamodb-backup-operator");
    assertThat(RestrictedPod.env(operator, "HTTP_PORT")).isEqualTo("8080");
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("ddb-dynamodb-backup-operator");
    assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(chart.all(GenericKubernetesResource.class)).as("no ServiceMonitor").isEmpty();
    assertThat(chart.all(CustomResourceDefinition.class)).as("CRDs live in crds/").isEmpty();
  }

  @ParameterizedTest(name = "Kubernetes {0}: installable = {1}")
  @CsvSource({
    "1.27.9, false",
    "1.28.0, true",
    // what EKS reports: a pre-release-looking version must still pass
    "v1.29.4-eks-036c24b, true",
    "1.34.12, true"
  })
  void theChartNeedsKubernetes128ForTheCrdsValidationRules(String version, boolean installable) {
    Cli.Result result = Chart.templateResult("ddb", "ddbbackup-system", "--kube-version", version);

    assertThat(result.succeeded()).as(result.err()).isEqualTo(installable);
    if (!installable) {
      assertThat(result.err()).contains("requires kubeVersion: >=1.28");
    }
  }

  @Test
  void theServiceAccountCarriesTheIrsaRole() {
    ServiceAccount withRole =
        Chart.render("--set", "serviceAccount.roleArn=" + ROLE_ARN).operatorAccount();
    ServiceAccount without = Chart.render().operatorAccount();

    assertThat(withRole.getMetadata().getAnnotations())
        .containsExactly(Map.entry("eks.amazonaws.com/role-arn", ROLE_ARN));
    assertThat(without.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void watchingAllNamespacesUsesOneClusterRoleAndALeaseRoleInTheReleaseNamespace() {
    Manifests chart = Chart.render();

    ClusterRole clusterRole = chart.one(ClusterRole.class);
    assertThat(RbacRules.flatten(clusterRole.getRules()))
        .isEqualTo(RbacRules.SCHEDULES_RESTORES_AND_EVENTS);
    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
    assertBindsTheOperator(binding.getSubjects());

    Role leases = chart.named(Role.class, FULLNAME + "-leader-election").orElseThrow();
    assertThat(leases.getMetadata().getNamespace()).isEqualTo("ddbbackup-system");
    assertThat(RbacRules.flatten(leases.getRules())).isEqualTo(RbacRules.LEASES);
    assertBindsTheOperator(
        chart.named(RoleBinding.class, FULLNAME + "-leader-election").orElseThrow().getSubjects());
    assertThat(chart.all(Role.class)).hasSize(2);
  }

  @Test
  void watchingANamespaceListUsesARolePerNamespaceAndNoClusterRights() {
    Manifests chart = Chart.render("--set", "watchNamespaces={shop,billing}");

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    for (String namespace : List.of("shop", "billing")) {
      Role role = inNamespace(chart.all(Role.class), namespace);
      assertThat(RbacRules.flatten(role.getRules()))
          .isEqualTo(RbacRules.SCHEDULES_RESTORES_AND_EVENTS);
      RoleBinding binding = inNamespace(chart.all(RoleBinding.class), namespace);
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertBindsTheOperator(binding.getSubjects());
    }
    Role leases = chart.named(Role.class, FULLNAME + "-leader-election").orElseThrow();
    assertThat(RbacRules.flatten(leases.getRules())).isEqualTo(RbacRules.LEASES);
    // shop, billing, the Lease and the replay Jobs
    assertThat(chart.all(Role.class)).hasSize(4);
    var operator =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(RestrictedPod.env(operator, "WATCH_NAMESPACES")).isEqualTo("shop,billing");
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseRole() {
    Manifests chart = Chart.render("--set", "leaderElection.enabled=false");

    assertThat(chart.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(FULLNAME + "-replay-jobs");
    var operator =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(RestrictedPod.env(operator, "LEADER_ELECTION")).isEqualTo("false");
  }

  @Test
  void twoReplicasGetAPodDisruptionBudget() {
    Manifests chart = Chart.render("--set", "replicas=2");

    assertThat(chart.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(chart.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theServiceMonitorScrapesTheMetricsPortByName() {
    Manifests chart = Chart.render("--set", "metrics.serviceMonitor.enabled=true");

    GenericKubernetesResource monitor = chart.one(GenericKubernetesResource.class);
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("port", "http-metrics").containsEntry("path", "/metrics");
              // the series keep the schedule's namespace label, which the alerts group by
              assertThat(e).containsEntry("honorLabels", true);
            });
    Service service = chart.one(Service.class);
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getName()).isEqualTo("http-metrics"));
    assertThat(service.getSpec().getSelector())
        .isEqualTo(chart.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void anImageDigestWinsOverTheTag() {
    String digest = "sha256:" + "a".repeat(64);
    Deployment deployment =
        Chart.render("--set", "image.tag=9.9.9", "--set", "image.digest=" + digest)
            .one(Deployment.class);

    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/ddbbackup/dynamodb-backup-operator@" + digest);
  }

  @Test
  void theChartInstallsEveryCrdOfTheCrdsFolder() throws IOException {
    Manifests withCrds = Chart.render("--include-crds");
    List<CustomResourceDefinition> committed;
    try (Stream<Path> files = Files.list(ProjectFiles.path("crds"))) {
      committed =
          files
              .filter(f -> f.getFileName().toString().endsWith(".yml"))
              .sorted()
              .map(f -> ProjectFiles.read("crds/" + f.getFileName()))
              .map(yaml -> Manifests.parse(yaml).one(CustomResourceDefinition.class))
              .toList();
    }

    assertThat(committed).hasSizeGreaterThanOrEqualTo(2);
    assertThat(withCrds.all(CustomResourceDefinition.class))
        .containsExactlyInAnyOrderElementsOf(committed);
  }

  @ParameterizedTest(name = "values.schema.json rejects {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicas=-1                                | minimum
          replicaCount=2                             | additional properties 'replicaCount' not allowed
          serviceAccount.roleArn=my-role             | roleArn
          watchNamespaces={Shop_Prod}                | watchNamespaces
          image.pullPolicy=Sometimes                 | pullPolicy
          aws.region=Frankfurt                       | region
          logLevel=LOUD                              | logLevel
          extraArgs={overdue-grace-seconds=600}      | extraArgs
          extraVolumeMounts[0].name=ca               | mountPath
          startupProbe.periodSeconds=0               | periodSeconds
          pitr.checkIntervalSeconds=5                | checkIntervalSeconds
          pitr.checkIntervalSeconds=often            | checkIntervalSeconds
          """)
  void badValuesFailBeforeAnythingIsRendered(String value, String complaint) {
    Cli.Result result = Chart.templateResult("ddb", "ddbbackup-system", "--set", value);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.err()).contains(complaint);
  }

  @Test
  void logLevelBecomesLogLevelAndExtraArgsFollowTheImagesEntrypoint() {
    Container byDefault = operator(Chart.render());
    Container tuned =
        operator(
            Chart.render(
                "--set",
                "logLevel=DEBUG",
                "--set",
                "extraArgs={--overdue-grace-seconds=600,--lease-name=other}"));

    assertThat(RestrictedPod.env(byDefault, "LOG_LEVEL")).isEqualTo("INFO");
    assertThat(byDefault.getArgs()).isNullOrEmpty();
    assertThat(byDefault.getCommand()).as("the image's entrypoint runs").isNullOrEmpty();
    assertThat(RestrictedPod.env(tuned, "LOG_LEVEL")).isEqualTo("DEBUG");
    assertThat(tuned.getArgs())
        .containsExactly("--overdue-grace-seconds=600", "--lease-name=other");
  }

  @Test
  void thePitrCheckIntervalReachesTheOperatorAsPitrCheckSecondsWithTheOperatorsOwnDefault() {
    Container byDefault = operator(Chart.render());
    Container tuned = operator(Chart.render("--set", "pitr.checkIntervalSeconds=300"));

    assertThat(pitrCheckInterval(byDefault))
        .as("a chart install checks as often as a bare run of the operator")
        .isEqualTo(OperatorConfig.from(new String[0], Map.of()).pitrCheckInterval());
    assertThat(pitrCheckInterval(tuned)).isEqualTo(Duration.ofMinutes(5));
  }

  private static Duration pitrCheckInterval(Container operator) {
    String value = RestrictedPod.env(operator, "PITR_CHECK_SECONDS");
    return OperatorConfig.from(new String[0], Map.of("PITR_CHECK_SECONDS", value))
        .pitrCheckInterval();
  }

  @Test
  void aCorporateCaVolumeIsMountedBesideTmpAndTheTenancyPolicy() {
    Manifests chart =
        Chart.render(
            "--set",
            "tenancy.enabled=true",
            "--set",
            "extraVolumes[0].name=corporate-ca",
            "--set",
            "extraVolumes[0].configMap.name=corporate-truststore",
            "--set",
            "extraVolumeMounts[0].name=corporate-ca",
            "--set",
            "extraVolumeMounts[0].mountPath=/etc/corporate-ca",
            "--set",
            "extraVolumeMounts[0].readOnly=true");
    PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("tmp", "tenancy", "corporate-ca");
    assertThat(pod.getVolumes().get(2).getConfigMap().getName()).isEqualTo("corporate-truststore");
    assertThat(operator(chart).getVolumeMounts())
        .extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly)
        .contains(tuple("/tmp", null), tuple("/etc/corporate-ca", true));
    RestrictedPod.assertRestricted(pod);
  }

  @Test
  void aStartupProbeGuardsTheJvmsStartAndCanBeTurnedOff() {
    Container byDefault = operator(Chart.render());
    Container without = operator(Chart.render("--set", "startupProbe.enabled=false"));

    assertThat(byDefault.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(byDefault.getStartupProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-metrics");
    // 120 s of tries before the container counts as failed to start
    assertThat(
            byDefault.getStartupProbe().getFailureThreshold()
                * byDefault.getStartupProbe().getPeriodSeconds())
        .isEqualTo(120);
    assertThat(without.getStartupProbe()).isNull();
    assertThat(without.getLivenessProbe()).isNotNull();
  }

  @Test
  void helmTestRunsTheOperatorImageInCheckModeAgainstTheMetricsService() {
    Manifests chart = Chart.render();
    Pod test = chart.one(Pod.class);
    Service service = chart.one(Service.class);
    Container check = test.getSpec().getContainers().get(0);
    String base =
        "http://"
            + service.getMetadata().getName()
            + ".ddbbackup-system.svc:"
            + service.getSpec().getPorts().get(0).getPort();

    assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    assertThat(check.getImage()).isEqualTo(operator(chart).getImage());
    assertThat(check.getArgs()).containsExactly("check", base + "/readyz", base + "/metrics");
    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    // not selected by the operator's Service or PodDisruptionBudget
    assertThat(test.getMetadata().getLabels().entrySet())
        .as("the test pod's labels do not match the Service's selector")
        .doesNotContainAnyElementsOf(
            service.getSpec().getSelector().entrySet().stream()
                .filter(e -> !e.getKey().equals("app.kubernetes.io/instance"))
                .toList());
    assertThat(check.getSecurityContext()).isEqualTo(operator(chart).getSecurityContext());
    assertThat(test.getSpec().getSecurityContext())
        .isEqualTo(
            chart.one(Deployment.class).getSpec().getTemplate().getSpec().getSecurityContext());

    assertThat(Chart.render("--set", "tests.enabled=false").all(Pod.class)).isEmpty();
    assertThat(Chart.render("--set", "metrics.service.enabled=false").all(Pod.class)).isEmpty();
  }

  private static Container operator(Manifests chart) {
    return chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void noRenderingGrantsSecretsPodsWildcardsOrDeleteButOfWhatTheOperatorMakes() {
    for (Manifests chart :
        List.of(Chart.render(), Chart.render("--set", "watchNamespaces={shop}"))) {
      for (HasMetadata object : chart.all()) {
        var rules =
            object instanceof ClusterRole c
                ? c.getRules()
                : object instanceof Role r ? r.getRules() : List.<PolicyRule>of();
        assertThat(RbacRules.flatten(rules))
            .noneMatch(line -> line.contains("secrets") || line.contains("pods"))
            .noneMatch(line -> line.contains("*"))
            // the deletes: a backup policy deletes the schedules it generated, a restore its
            // replay Jobs, a drill of the export chain its restore
            .filteredOn(line -> line.endsWith(" delete"))
            .allMatch(
                line ->
                    line.equals("ddbbackup.io/dynamodbbackupschedules delete")
                        || line.equals("ddbbackup.io/dynamodbrestores delete")
                        || line.equals("batch/jobs delete"));
      }
    }
  }

  @Test
  void theReplayJobsRunTheChartsOwnImageUnderTheirOwnServiceAccountInTheReleaseNamespace() {
    Manifests chart =
        Chart.render(
            "--set",
            "image.digest=sha256:" + "ab".repeat(32),
            "--set",
            "image.pullPolicy=Always",
            "--set",
            "replay.serviceAccount.roleArn=" + REPLAY_ROLE_ARN,
            "--set",
            "serviceAccount.roleArn=" + ROLE_ARN,
            "--set",
            "replay.memory=1Gi");
    Container operator = operator(chart);
    // what the operator makes of the environment the chart gives it, read by its own parser
    Map<String, String> env = new java.util.HashMap<>();
    operator.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    OperatorConfig config = OperatorConfig.from(new String[0], env);

    assertThat(config.replayImage()).isEqualTo(operator.getImage());
    assertThat(config.replayImagePullPolicy()).isEqualTo("Always");
    assertThat(config.replayMemory()).isEqualTo("1Gi");
    assertThat(config.replayNamespace()).as("the pod's namespace, at run time").isNull();
    assertThat(RestrictedPod.envFrom(operator, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
    ServiceAccount replay =
        chart.named(ServiceAccount.class, config.replayServiceAccount()).orElseThrow();
    assertThat(replay.getMetadata().getName()).isEqualTo(FULLNAME + "-replay");
    assertThat(replay.getMetadata().getNamespace()).isEqualTo("ddbbackup-system");
    assertThat(replay.getMetadata().getAnnotations())
        .containsExactly(Map.entry("eks.amazonaws.com/role-arn", REPLAY_ROLE_ARN));
    assertThat(replay.getAutomountServiceAccountToken()).isFalse();
    assertThat(chart.operatorAccount().getMetadata().getAnnotations())
        .containsExactly(Map.entry("eks.amazonaws.com/role-arn", ROLE_ARN));

    Role jobs = chart.named(Role.class, FULLNAME + "-replay-jobs").orElseThrow();
    assertThat(jobs.getMetadata().getNamespace()).isEqualTo("ddbbackup-system");
    assertThat(RbacRules.flatten(jobs.getRules())).isEqualTo(RbacRules.JOBS);
    RoleBinding binding = chart.named(RoleBinding.class, FULLNAME + "-replay-jobs").orElseThrow();
    assertThat(binding.getRoleRef().getName()).isEqualTo(jobs.getMetadata().getName());
    assertBindsTheOperator(binding.getSubjects());
  }

  @Test
  void aReplayServiceAccountOfYourOwnIsNamedAndNotRendered() {
    Manifests chart =
        Chart.render(
            "--set",
            "replay.serviceAccount.create=false",
            "--set",
            "replay.serviceAccount.name=restore-writer",
            "--set",
            "imagePullSecrets[0].name=registry");

    assertThat(RestrictedPod.env(operator(chart), "REPLAY_SERVICE_ACCOUNT"))
        .isEqualTo("restore-writer");
    assertThat(chart.all(ServiceAccount.class))
        .extracting(a -> a.getMetadata().getName())
        .containsExactly(FULLNAME);
    assertThat(
            Chart.render("--set", "imagePullSecrets[0].name=registry")
                .named(ServiceAccount.class, FULLNAME + "-replay")
                .orElseThrow()
                .getImagePullSecrets())
        .as("the Jobs' pods pull the same image")
        .extracting(r -> r.getName())
        .containsExactly("registry");
  }

  private static void assertBindsTheOperator(List<Subject> subjects) {
    assertThat(subjects)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("ddb-dynamodb-backup-operator");
              assertThat(s.getNamespace()).isEqualTo("ddbbackup-system");
            });
  }

  private static <T extends HasMetadata> T inNamespace(List<T> objects, String namespace) {
    return objects.stream()
        .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing in namespace " + namespace));
  }
}
