package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's PrometheusRule, Grafana dashboard and tenancy policy, as rendered. */
class ChartObservabilityAndTenancyIT {

  @Test
  void thePrometheusRuleCarriesTheAlertsAndPointsOperatorDownAtTheMetricsService() {
    Manifests chart = Chart.render("--set", "metrics.prometheusRule.enabled=true");

    GenericKubernetesResource rule =
        chart.all(GenericKubernetesResource.class).stream()
            .filter(r -> r.getKind().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    @SuppressWarnings("unchecked")
    var rules =
        (List<Map<String, Object>>)
            ((List<Map<String, Object>>) spec.get("groups")).get(0).get("rules");
    assertThat(rules)
        .extracting(r -> r.get("alert"))
        .containsExactly(
            "DynamoDBBackupOverdue",
            "DynamoDBBackupFailing",
            "DynamoDBBackupScheduleNotReady",
            "DynamoDBBackupOperatorDown",
            "DynamoDBRestoreFailed",
            "DynamoDBBackupNotVerified",
            "DynamoDBRecoveryPointTooOld",
            "DynamoDBPointInTimeRecoveryDisabled",
            "DynamoDBBackupPolicyTablesUncovered",
            "DynamoDBOffsiteRecoveryPointTooOld");
    assertThat(rules.get(3).get("expr"))
        .isEqualTo("absent(up{job=\"ddb-dynamodb-backup-operator-metrics\"} == 1)");
    // Prometheus, not Helm, fills in the labels of an alert's text
    assertThat(String.valueOf(rules.get(0).get("annotations"))).contains("{{ $labels.table }}");
    // the recovery alerts compare each schedule's series with its own limit or wish
    assertThat(String.valueOf(rules.get(6).get("expr")))
        .contains("ddbbackup_recovery_point_age_seconds")
        .contains(" > ")
        .contains("ddbbackup_recovery_point_age_limit_seconds");
    assertThat(String.valueOf(rules.get(7).get("expr")))
        .contains("(ddbbackup_pitr_wanted) == 1")
        .contains(" and ")
        .contains("(ddbbackup_pitr_enabled) == 0");
    assertThat(String.valueOf(rules.get(6).get("annotations")))
        .contains("{{ $value | humanizeDuration }}");
  }

  @Test
  void theDashboardConfigMapIsLabelledForTheGrafanaSidecar() {
    Manifests chart = Chart.render("--set", "metrics.grafanaDashboard.enabled=true");

    ConfigMap dashboard = chart.one(ConfigMap.class);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData().get("ddbbackup.json"))
        .contains("ddbbackup_schedule_last_success_timestamp_seconds")
        .contains("ddbbackup_recovery_point_age_seconds")
        .contains("ddbbackup_schedule_retained_bytes");
  }

  @Test
  void byDefaultNoTenancyPolicyIsMountedAndEverythingIsPermitted() {
    Manifests chart = Chart.render();

    assertThat(chart.all(ConfigMap.class)).isEmpty();
    var operator =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getEnv()).noneMatch(e -> e.getName().equals("TENANCY_POLICY_FILE"));
  }

  @Test
  void aTenancyPolicyInValuesReachesTheOperatorAsAFileItCanRead() {
    Manifests chart =
        Chart.render(
            "--set", "tenancy.enabled=true",
            "--set", "tenancy.rules[0].namespaces={shop}",
            "--set", "tenancy.rules[0].tables={orders*}",
            "--set", "tenancy.rules[0].roles={arn:aws:iam::111122223333:role/shop-backup}");

    ConfigMap policy = chart.one(ConfigMap.class);
    TenancyPolicy parsed =
        new KubernetesSerialization()
            .unmarshal(policy.getData().get("tenancy.yaml"), TenancyPolicy.class);
    assertThat(parsed.check("shop", "orders-eu", "orders-eu", null)).isEmpty();
    assertThat(parsed.check("billing", "orders-eu", "orders-eu", null)).isPresent();

    var pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    var operator = pod.getContainers().get(0);
    assertThat(RestrictedPod.env(operator, "TENANCY_POLICY_FILE"))
        .isEqualTo("/etc/ddbbackup/tenancy.yaml");
    // a refused tenant reads which ConfigMap and value to ask about
    assertThat(RestrictedPod.env(operator, "TENANCY_POLICY_SOURCE"))
        .isEqualTo(
            "ConfigMap %s/%s, Helm value tenancy.rules"
                .formatted(policy.getMetadata().getNamespace(), policy.getMetadata().getName()));
    assertThat(pod.getVolumes())
        .anyMatch(
            v ->
                v.getConfigMap() != null
                    && v.getConfigMap().getName().equals(policy.getMetadata().getName()));
    assertThat(operator.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/etc/ddbbackup") && m.getReadOnly());
  }
}
