package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.TestCluster;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart and the kustomize bases sent to a real kube-apiserver (kube-api-test, with RBAC and Pod
 * Security admission): server-side dry runs into a namespace that enforces "restricted", the
 * samples against the CRD's schema, and {@code kubectl auth can-i} as the operator's account.
 */
class DeployOnApiServerIT {

  private static final String SYSTEM = "ddbbackup-system";
  private static final String OPERATOR =
      "system:serviceaccount:" + SYSTEM + ":dynamodb-backup-operator";

  @RegisterExtension static final TestCluster cluster = TestCluster.emptyApiServer();

  @BeforeAll
  static void installTheCrdAndRestrictedNamespaces() {
    kubectl("apply", "--server-side", "-f", "crds/").ok();
    kubectl(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/dynamodbbackupschedules.ddbbackup.io")
        .ok();
    for (String namespace : List.of(SYSTEM, "helm-scoped", "shop", "billing")) {
      kubectl("create", "namespace", namespace).ok();
      kubectl(
              "label",
              "namespace",
              namespace,
              "pod-security.kubernetes.io/enforce=restricted",
              "pod-security.kubernetes.io/warn=restricted")
          .ok();
    }
  }

  @ParameterizedTest(
      name = "helm template {0} passes a server-side dry run, no Pod Security warning")
  @ValueSource(
      strings = {
        "",
        "--set watchNamespaces={shop,billing}",
        "--set replicas=2 --set serviceAccount.roleArn=arn:aws:iam::111122223333:role/ddb",
      })
  void theRenderedChartIsAcceptedByTheApiServer(String values) {
    String rendered = Chart.template("ddb", SYSTEM, split(values));

    Cli.Result applied = dryRun(null, rendered);

    assertThat(applied.out())
        .contains("deployment.apps/ddb-dynamodb-backup-operator created (server dry run)");
    assertThat(applied.err()).doesNotContain("PodSecurity").doesNotContain("Warning");
    assertThat(podDryRun(SYSTEM, rendered).ok().out()).contains("created (server dry run)");
  }

  @ParameterizedTest(name = "the restricted namespace rejects the operator pod with {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          securityContext.allowPrivilegeEscalation=true | allowPrivilegeEscalation != false
          securityContext.runAsNonRoot=false            | runAsNonRoot != true
          podSecurityContext.seccompProfile=null        | seccompProfile
          securityContext.capabilities.drop=null        | unrestricted capabilities
          """)
  void aNonCompliantVariantIsRejected(String override, String violation) {
    String rendered = Chart.template("ddb", SYSTEM, "--set", override);

    Cli.Result deployment = dryRun(null, rendered);
    Cli.Result pod = podDryRun(SYSTEM, rendered);

    // a Deployment is only warned about; its pods would be refused
    assertThat(deployment.err()).contains("would violate PodSecurity \"restricted:latest\"");
    assertThat(pod.succeeded()).isFalse();
    assertThat(pod.err())
        .contains("violates PodSecurity \"restricted:latest\"")
        .contains(violation);
  }

  @Test
  void theDefaultKustomizationIsAcceptedByTheApiServer() {
    String built = kubectl("kustomize", "config/default").ok().out();
    Manifests manifests = Manifests.parse(built);
    assertThat(manifests.all())
        .allSatisfy(
            o -> {
              if (!List.of(
                      "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition")
                  .contains(o.getKind())) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(SYSTEM);
              }
            });

    var operator =
        manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(RestrictedPod.env(operator, "REPLAY_IMAGE"))
        .as("the replay Jobs run the image the base installs")
        .isEqualTo(operator.getImage());

    Cli.Result applied = dryRun(null, built);

    assertThat(applied.out())
        .contains("deployment.apps/dynamodb-backup-operator created (server dry run)")
        .contains(
            "customresourcedefinition.apiextensions.k8s.io/dynamodbbackupschedules.ddbbackup.io");
    assertThat(applied.err()).doesNotContain("PodSecurity");
    assertThat(podDryRun(SYSTEM, built).ok().out()).contains("created (server dry run)");
  }

  @Test
  void theSamplesAreValidSchedules() {
    String samples = kubectl("kustomize", "config/samples").ok().out();

    Cli.Result applied = dryRun("shop", samples);

    assertThat(applied.out().lines().filter(l -> l.endsWith("created (server dry run)")))
        .containsExactlyInAnyOrder(
            "dynamodbbackupschedule.ddbbackup.io/orders-nightly created (server dry run)",
            "dynamodbbackupschedule.ddbbackup.io/sessions-hourly created (server dry run)",
            "dynamodbbackupschedule.ddbbackup.io/billing-daily created (server dry run)",
            "dynamodbbackupschedule.ddbbackup.io/audit-weekly created (server dry run)",
            "dynamodbbackupschedule.ddbbackup.io/orders-offsite created (server dry run)");
  }

  @Test
  void theSamplesExportIsCheckedByTheCrdsRulesAndPatterns() {
    String samples = kubectl("kustomize", "config/samples").ok().out();
    assertThat(samples).contains("sse: KMS").contains("s3Bucket: example-dynamodb-offsite");

    Cli.Result withoutKms = dryRun("shop", samples.replace("sse: KMS", "sse: AES256"));
    Cli.Result noKey = dryRun("shop", samples.replaceAll("(?m)^\\s*kmsKeyId: .*$\\n", ""));
    Cli.Result badBucket =
        dryRun("shop", samples.replace("example-dynamodb-offsite", "Example_Offsite"));

    assertThat(withoutKms.succeeded()).isFalse();
    assertThat(withoutKms.err())
        .contains("spec.export.kmsKeyId: Invalid value")
        .contains("export.kmsKeyId applies only with sse KMS");
    assertThat(noKey.succeeded()).isFalse();
    assertThat(noKey.err())
        .contains("spec.export.kmsKeyId: Invalid value")
        .contains("export.kmsKeyId is required with sse KMS");
    assertThat(badBucket.succeeded()).isFalse();
    assertThat(badBucket.err()).contains("spec.export.s3Bucket");
  }

  /**
   * A policy's template carries the same export and point-in-time recovery rules as a schedule's
   * spec; the API server names the template's path, and the message reads right after it.
   */
  @Test
  void aPolicyTemplatesExportAndPitrMistakesAreNamedAtTheTemplatesPath() {
    String policy = ProjectFiles.read("config/samples/policy/production-daily.yaml");
    String kmsWithoutKey =
        policy.replace(
            "  discoveryInterval:",
            "    export:\n      s3Bucket: example-dynamodb-offsite\n      full: \"0 1 * * 0\"\n"
                + "      sse: KMS\n  discoveryInterval:");
    String periodWhileOff =
        policy.replace("enabled: true", "enabled: false\n      recoveryPeriodInDays: 7");

    Cli.Result noKey = dryRun("shop", kmsWithoutKey);
    Cli.Result period = dryRun("shop", periodWhileOff);

    assertThat(dryRun("shop", policy).succeeded()).as("the sample itself").isTrue();
    assertThat(noKey.succeeded()).isFalse();
    assertThat(noKey.err())
        .contains("spec.template.export.kmsKeyId: Invalid value")
        .contains("export.kmsKeyId is required with sse KMS")
        .doesNotContain("spec.export");
    assertThat(period.succeeded()).isFalse();
    assertThat(period.err())
        .contains("spec.template.pointInTimeRecovery.recoveryPeriodInDays: Invalid value")
        .contains("pointInTimeRecovery.recoveryPeriodInDays applies only with enabled: true")
        .doesNotContain("spec.pointInTimeRecovery");
  }

  @Test
  void theRestoreSamplesAreValidRestores() {
    String samples =
        ProjectFiles.read("config/samples/restore/orders-latest.yaml")
            + "\n---\n"
            + ProjectFiles.read("config/samples/restore/orders-point-in-time.yaml");

    Cli.Result applied = dryRun("shop", samples);

    assertThat(applied.out().lines().filter(l -> l.endsWith("created (server dry run)")))
        .containsExactlyInAnyOrder(
            "dynamodbrestore.ddbbackup.io/orders-latest created (server dry run)",
            "dynamodbrestore.ddbbackup.io/orders-before-bad-deploy created (server dry run)");
  }

  @Test
  void theCrdSchemaIsActiveSoABrokenSampleWouldFail() {
    String broken =
        kubectl("kustomize", "config/samples")
            .ok()
            .out()
            .replace("region: us-east-1", "region: eu-west-1");

    Cli.Result applied = dryRun("shop", broken);

    assertThat(applied.succeeded()).isFalse();
    assertThat(applied.err()).contains("spec.region must match the region in the table ARN");
  }

  @Test
  void theSamplesPointInTimeRecoveryIsCheckedByTheCrdsRule() {
    String samples = kubectl("kustomize", "config/samples").ok().out();
    assertThat(samples).contains("recoveryPeriodInDays: 14");
    String broken = samples.replace("enabled: true", "enabled: false");

    Cli.Result applied = dryRun("shop", broken);

    assertThat(applied.succeeded()).isFalse();
    assertThat(applied.err())
        .contains("spec.pointInTimeRecovery.recoveryPeriodInDays")
        .contains("applies only with enabled: true");
  }

  @ParameterizedTest(name = "the operator can {0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          get    | dynamodbbackupschedules.ddbbackup.io | -n=shop
          list   | dynamodbbackupschedules.ddbbackup.io | --all-namespaces
          watch  | dynamodbbackupschedules.ddbbackup.io | --all-namespaces
          patch  | dynamodbbackupschedules.ddbbackup.io | -n=shop
          update | dynamodbbackupschedules.ddbbackup.io | -n=shop
          get    | dynamodbbackupschedules.ddbbackup.io/status | -n=shop
          update | dynamodbbackupschedules.ddbbackup.io/status | -n=shop
          patch  | dynamodbbackupschedules.ddbbackup.io/status | -n=shop
          update | dynamodbbackupschedules.ddbbackup.io/finalizers | -n=shop
          create | dynamodbbackupschedules.ddbbackup.io | -n=shop
          delete | dynamodbbackupschedules.ddbbackup.io | -n=shop
          list   | dynamodbbackuppolicies.ddbbackup.io | --all-namespaces
          watch  | dynamodbbackuppolicies.ddbbackup.io | --all-namespaces
          update | dynamodbbackuppolicies.ddbbackup.io/status | -n=shop
          list   | dynamodbrestores.ddbbackup.io | --all-namespaces
          watch  | dynamodbrestores.ddbbackup.io | --all-namespaces
          update | dynamodbrestores.ddbbackup.io/status | -n=shop
          update | dynamodbrestores.ddbbackup.io/finalizers | -n=shop
          create | events | -n=shop
          patch  | events | -n=shop
          update | events | -n=shop
          get    | events | -n=shop
          get    | leases.coordination.k8s.io | -n=ddbbackup-system
          create | leases.coordination.k8s.io | -n=ddbbackup-system
          update | leases.coordination.k8s.io | -n=ddbbackup-system
          create | jobs.batch | -n=ddbbackup-system
          get    | jobs.batch | -n=ddbbackup-system
          list   | jobs.batch | -n=ddbbackup-system
          watch  | jobs.batch | -n=ddbbackup-system
          delete | jobs.batch | -n=ddbbackup-system
          create | dynamodbrestores.ddbbackup.io | -n=shop
          delete | dynamodbrestores.ddbbackup.io | -n=shop
          """)
  void theKustomizeRbacGrantsWhatTheOperatorNeeds(String verb, String resource, String scope) {
    applyKustomizeRbac();

    assertThat(canI(OPERATOR, verb, resource, scope)).isEqualTo("yes");
  }

  @ParameterizedTest(name = "the operator cannot {0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          get    | secrets | -n=shop
          list   | secrets | --all-namespaces
          list   | pods | -n=shop
          create | deployments.apps | -n=shop
          update | dynamodbbackuppolicies.ddbbackup.io | -n=shop
          delete | dynamodbbackuppolicies.ddbbackup.io | -n=shop
          delete | events | -n=shop
          get    | configmaps | -n=ddbbackup-system
          get    | leases.coordination.k8s.io | -n=shop
          delete | leases.coordination.k8s.io | -n=ddbbackup-system
          create | customresourcedefinitions.apiextensions.k8s.io | --all-namespaces
          create | jobs.batch | -n=shop
          patch  | jobs.batch | -n=ddbbackup-system
          deletecollection | jobs.batch | -n=ddbbackup-system
          create | pods | -n=ddbbackup-system
          delete | pods | -n=ddbbackup-system
          """)
  void theKustomizeRbacGrantsNothingElse(String verb, String resource, String scope) {
    applyKustomizeRbac();

    assertThat(canI(OPERATOR, verb, resource, scope)).isEqualTo("no");
  }

  @Test
  void helmInstallWithANamespaceListGrantsRightsInThoseNamespacesOnly() {
    Cli.Result install =
        Cli.run(
                Cli.args(
                    Tools.helm(),
                    "install",
                    "scoped",
                    Chart.PATH,
                    "--namespace",
                    "helm-scoped",
                    "--kubeconfig",
                    cluster.controlPlane().adminKubeconfig(),
                    "--set",
                    "watchNamespaces={shop}"))
            .ok();
    assertThat(install.out())
        .contains("STATUS: deployed")
        .contains("It watches shop.")
        .contains(
            "kubectl -n helm-scoped rollout status deployment/scoped-dynamodb-backup-operator")
        .contains("serviceAccount.roleArn is empty");
    String account = "system:serviceaccount:helm-scoped:scoped-dynamodb-backup-operator";

    assertThat(canI(account, "watch", "dynamodbbackupschedules.ddbbackup.io", "-n=shop"))
        .isEqualTo("yes");
    assertThat(canI(account, "update", "dynamodbbackupschedules.ddbbackup.io/status", "-n=shop"))
        .isEqualTo("yes");
    assertThat(canI(account, "create", "events", "-n=shop")).isEqualTo("yes");
    assertThat(canI(account, "update", "leases.coordination.k8s.io", "-n=helm-scoped"))
        .isEqualTo("yes");
    assertThat(canI(account, "watch", "dynamodbbackupschedules.ddbbackup.io", "-n=billing"))
        .isEqualTo("no");
    assertThat(canI(account, "list", "dynamodbbackupschedules.ddbbackup.io", "--all-namespaces"))
        .isEqualTo("no");
    assertThat(canI(account, "create", "events", "-n=billing")).isEqualTo("no");
    assertThat(canI(account, "get", "secrets", "-n=shop")).isEqualTo("no");
    assertThat(canI(account, "create", "jobs.batch", "-n=helm-scoped")).isEqualTo("yes");
    assertThat(canI(account, "delete", "jobs.batch", "-n=helm-scoped")).isEqualTo("yes");
    assertThat(canI(account, "create", "jobs.batch", "-n=shop")).isEqualTo("no");
    assertThat(canI(account, "create", "pods", "-n=helm-scoped")).isEqualTo("no");
    String replay = "system:serviceaccount:helm-scoped:scoped-dynamodb-backup-operator-replay";
    assertThat(canI(replay, "list", "jobs.batch", "-n=helm-scoped")).isEqualTo("no");
    assertThat(canI(replay, "get", "dynamodbrestores.ddbbackup.io", "-n=shop")).isEqualTo("no");
  }

  @ParameterizedTest(
      name = "helm install {0} -n {1} {2}: the NOTES name its IRSA sub and Pod Identity")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ddb                      | ddbbackup-system |
          dynamodb-backup-operator | billing          | --set rbac.create=false
          ddb                      | helm-scoped      | --set serviceAccount.name=backup-sa
          """)
  void theNotesNameTheExactIrsaSubjectAndPodIdentityAssociationOfTheRelease(
      String release, String namespace, String values) {
    String[] args = values == null ? new String[0] : split(values);
    Manifests chart = Manifests.parse(Chart.template(release, namespace, args));
    String account = chart.operatorAccount().getMetadata().getName();
    String deployment = chart.one(Deployment.class).getMetadata().getName();

    String notes = notes(release, namespace, args);

    assertThat(notes)
        .contains(
            "\"<oidc-provider>:sub\": \"system:serviceaccount:" + namespace + ":" + account + "\"")
        .contains("\"<oidc-provider>:aud\": \"sts.amazonaws.com\"")
        .contains("aws eks create-pod-identity-association --cluster-name <cluster>")
        .contains("--namespace " + namespace + " --service-account " + account)
        .contains("kubectl -n " + namespace + " rollout restart deployment/" + deployment)
        .contains("sts:TagSession");
  }

  @Test
  void withAnIrsaRoleTheNotesCheckItsTrustPolicyAndOfferNoPodIdentity() {
    String role = "arn:aws:iam::111122223333:role/ddb";

    String notes = notes("ddb", SYSTEM, "--set", "serviceAccount.roleArn=" + role);

    assertThat(notes)
        .contains("IRSA with role " + role)
        .contains(
            "\"<oidc-provider>:sub\": \"system:serviceaccount:ddbbackup-system:"
                + "ddb-dynamodb-backup-operator\"")
        .doesNotContain("create-pod-identity-association");
  }

  @Test
  void theNotesAskForARegionOnlyWhenPodIdentityWouldLeaveTheOperatorWithout() {
    assertThat(notes("ddb", SYSTEM)).contains("--set aws.region=");
    assertThat(notes("ddb", SYSTEM, "--set", "aws.region=eu-west-1"))
        .doesNotContain("--set aws.region=");
  }

  @Test
  void theNotesBackupNowCommandNamesTheSchedulesNamespace() {
    assertThat(notes("ddb", SYSTEM))
        .contains("kubectl annotate ddbbs orders-nightly -n default --overwrite");
    assertThat(notes("ddb", SYSTEM, "--set", "watchNamespaces={shop}"))
        .contains("kubectl annotate ddbbs orders-nightly -n shop --overwrite");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** The NOTES `helm install` prints for these values (a dry run: nothing is installed). */
  private static String notes(String release, String namespace, String... values) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.helm().toString(),
                "install",
                release,
                Chart.PATH,
                "--namespace",
                namespace,
                "--kubeconfig",
                cluster.controlPlane().adminKubeconfig().toString(),
                "--dry-run=client"));
    command.addAll(List.of(values));
    String out = Cli.run(command).ok().out();
    assertThat(out).contains("NOTES:");
    return out.substring(out.indexOf("NOTES:"));
  }

  private static boolean kustomizeRbacApplied;

  private static synchronized void applyKustomizeRbac() {
    if (!kustomizeRbacApplied) {
      String rbac = kubectl("kustomize", "config/rbac").ok().out();
      kubectl("apply", "-f", "-").run(rbac).ok();
      kustomizeRbacApplied = true;
    }
  }

  /** "yes" or "no", as kubectl auth can-i prints it (it exits 1 for no). */
  private static String canI(String user, String verb, String resource, String scope) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", verb));
    String[] parts = resource.split("/", 2);
    args.add(parts[0]);
    if (parts.length == 2) {
      args.add("--subresource=" + parts[1]);
    }
    args.add(scope);
    args.add("--as=" + user);
    Cli.Result result = kubectl(args.toArray(String[]::new)).run(null);
    String answer = result.out().trim();
    assertThat(answer).as("%s\n%s", result.command(), result.err()).isIn("yes", "no");
    return answer;
  }

  /**
   * Server-side dry run. Rendered chart and kustomize objects name their namespace themselves
   * (kubectl refuses a -n that differs from it); pass a namespace only for objects without one.
   */
  private static Cli.Result dryRun(String namespace, String yaml) {
    List<String> args = new ArrayList<>(List.of("apply", "--dry-run=server", "-f", "-"));
    if (namespace != null) {
      args.add("--namespace=" + namespace);
    }
    return kubectl(args.toArray(String[]::new)).run(yaml);
  }

  /**
   * Pod Security admission enforces on Pods only (a Deployment merely gets a warning), and there is
   * no controller-manager here to create them: submit the Deployment's pod template as a Pod.
   */
  private static Cli.Result podDryRun(String namespace, String yaml) {
    Deployment deployment = Manifests.parse(yaml).one(Deployment.class);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(deployment.getMetadata().getName() + "-template")
            .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .build();
    return dryRun(namespace, Manifests.SERIALIZATION.asYaml(pod));
  }

  private static String[] split(String values) {
    return values.isBlank() ? new String[0] : values.trim().split("\\s+");
  }

  private static Invocation kubectl(String... args) {
    return new Invocation(cluster.controlPlane().kubectl(args));
  }

  private record Invocation(List<String> command) {
    Cli.Result run(String stdin) {
      return Cli.run(command, stdin);
    }

    Cli.Result ok() {
      return run(null).ok();
    }
  }
}
