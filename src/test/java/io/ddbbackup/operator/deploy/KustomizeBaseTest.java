package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.app.OperatorConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kustomize bases as files (no kubectl needed); DeployOnApiServerIT sends the built
 * kustomization to a real API server.
 */
class KustomizeBaseTest {

  @Test
  void theManagerPodIsRestricted() {
    Deployment deployment =
        Manifests.parse(ProjectFiles.read("config/manager/deployment.yaml")).one(Deployment.class);

    RestrictedPod.assertRestricted(deployment.getSpec().getTemplate().getSpec());
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("dynamodb-backup-operator");
  }

  @Test
  void theManagerSpellsOutThePitrCheckIntervalAtTheOperatorsDefault() {
    Deployment deployment =
        Manifests.parse(ProjectFiles.read("config/manager/deployment.yaml")).one(Deployment.class);
    String value =
        RestrictedPod.env(
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0),
            "PITR_CHECK_SECONDS");

    assertThat(OperatorConfig.from(new String[0], Map.of("PITR_CHECK_SECONDS", value)))
        .as("a kustomize install checks as often as a bare run of the operator")
        .isEqualTo(OperatorConfig.from(new String[0], Map.of()));
  }

  @Test
  void theNamespaceEnforcesPodSecurityRestricted() {
    Namespace namespace =
        Manifests.parse(ProjectFiles.read("config/manager/namespace.yaml")).one(Namespace.class);

    assertThat(namespace.getMetadata().getName()).isEqualTo("ddbbackup-system");
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  @Test
  void theClusterRoleCoversSchedulesRestoresAndEventsOnly() {
    ClusterRole role =
        Manifests.parse(ProjectFiles.read("config/rbac/role.yaml")).one(ClusterRole.class);

    assertThat(RbacRules.flatten(role.getRules()))
        .isEqualTo(RbacRules.SCHEDULES_RESTORES_AND_EVENTS);
  }

  @Test
  void leasesAreGrantedInTheOperatorsNamespaceOnly() {
    Role role =
        Manifests.parse(ProjectFiles.read("config/rbac/leader_election_role.yaml")).one(Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo("ddbbackup-system");
    assertThat(RbacRules.flatten(role.getRules())).isEqualTo(RbacRules.LEASES);
  }

  @Test
  void theReplayJobsAreGrantedInTheOperatorsNamespaceToTheOperatorAndRunAsTheirOwnAccount() {
    Role jobs =
        Manifests.parse(ProjectFiles.read("config/rbac/replay_jobs_role.yaml")).one(Role.class);
    RoleBinding binding =
        Manifests.parse(ProjectFiles.read("config/rbac/replay_jobs_role_binding.yaml"))
            .one(RoleBinding.class);
    ServiceAccount replay =
        Manifests.parse(ProjectFiles.read("config/rbac/replay_service_account.yaml"))
            .one(ServiceAccount.class);
    Deployment deployment =
        Manifests.parse(ProjectFiles.read("config/manager/deployment.yaml")).one(Deployment.class);
    var operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new java.util.HashMap<>();
    operator.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));

    assertThat(jobs.getMetadata().getNamespace()).isEqualTo("ddbbackup-system");
    assertThat(RbacRules.flatten(jobs.getRules())).isEqualTo(RbacRules.JOBS);
    assertThat(binding.getRoleRef().getName()).isEqualTo(jobs.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("dynamodb-backup-operator"));
    assertThat(replay.getAutomountServiceAccountToken()).isFalse();
    assertThat(OperatorConfig.from(new String[0], env).replayServiceAccount())
        .isEqualTo(replay.getMetadata().getName());
  }

  @Test
  void bothBindingsNameTheOperatorsServiceAccount() {
    ServiceAccount account =
        Manifests.parse(ProjectFiles.read("config/rbac/service_account.yaml"))
            .one(ServiceAccount.class);
    ClusterRoleBinding cluster =
        Manifests.parse(ProjectFiles.read("config/rbac/role_binding.yaml"))
            .one(ClusterRoleBinding.class);
    RoleBinding leases =
        Manifests.parse(ProjectFiles.read("config/rbac/leader_election_role_binding.yaml"))
            .one(RoleBinding.class);

    assertThat(account.getMetadata().getName()).isEqualTo("dynamodb-backup-operator");
    assertThat(account.getMetadata().getNamespace()).isEqualTo("ddbbackup-system");
    for (var subjects : List.of(cluster.getSubjects(), leases.getSubjects())) {
      assertThat(subjects)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo("dynamodb-backup-operator");
                assertThat(s.getNamespace()).isEqualTo("ddbbackup-system");
              });
    }
  }
}
