package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void withNothingSetItWatchesAllNamespacesWithLeaderElectionOnPort8080() {
    OperatorConfig config = OperatorConfig.from(new String[0], Map.of());

    assertThat(config.namespaces()).isEmpty();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("dynamodb-backup-operator");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.overdueGrace()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.pitrCheckInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.inventoryFullListingPeriod()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void thePitrCheckIntervalComesFromItsFlagOrEnvironmentAndIsAtLeastTenSeconds() {
    assertThat(
            OperatorConfig.from(new String[] {"--pitr-check-seconds=60"}, Map.of())
                .pitrCheckInterval())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(
            OperatorConfig.from(new String[0], Map.of("PITR_CHECK_SECONDS", "3600"))
                .pitrCheckInterval())
        .isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> OperatorConfig.from(new String[] {"--pitr-check-seconds=2"}, Map.of()))
        .hasMessageContaining("--pitr-check-seconds must be at least 10 seconds, got 2");
  }

  @Test
  void theInventorysFullListingPeriodIsSetInHours() {
    assertThat(
            OperatorConfig.from(new String[0], Map.of("INVENTORY_FULL_LISTING_HOURS", "24"))
                .inventoryFullListingPeriod())
        .isEqualTo(Duration.ofDays(1));
    assertThat(
            OperatorConfig.from(new String[] {"--inventory-full-listing-hours=6"}, Map.of())
                .inventoryFullListingPeriod())
        .isEqualTo(Duration.ofHours(6));
    assertThatThrownBy(
            () -> OperatorConfig.from(new String[] {"--inventory-full-listing-hours=0"}, Map.of()))
        .hasMessageContaining("--inventory-full-listing-hours");
  }

  @Test
  void environmentVariablesConfigureItAsTheHelmChartDoes() {
    OperatorConfig config =
        OperatorConfig.from(
            new String[0],
            Map.of(
                "WATCH_NAMESPACES",
                "shop, billing,",
                "LEADER_ELECTION",
                "false",
                "POD_NAMESPACE",
                "ddbbackup-system",
                "HTTP_PORT",
                "9090",
                "HTTP_HOST",
                "127.0.0.1"));

    assertThat(config.namespaces()).containsExactlyInAnyOrder("shop", "billing");
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaseNamespace()).isEqualTo("ddbbackup-system");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void flagsWinOverEnvironmentVariables() {
    OperatorConfig config =
        OperatorConfig.from(
            new String[] {"--namespaces=shop", "--no-leader-election", "--http-port=0"},
            Map.of("WATCH_NAMESPACES", "billing", "LEADER_ELECTION", "true"));

    assertThat(config.namespaces()).containsExactly("shop");
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.httpPort()).isZero();
  }

  @Test
  void badValuesAreRejectedNamingTheFlag() {
    assertThatThrownBy(() -> OperatorConfig.from(new String[] {"--http-port=eighty"}, Map.of()))
        .hasMessageContaining("--http-port");
    assertThatThrownBy(
            () -> OperatorConfig.from(new String[] {"--leader-election=maybe"}, Map.of()))
        .hasMessageContaining("--leader-election");
    assertThatThrownBy(() -> OperatorConfig.from(new String[] {"--namespace=shop"}, Map.of()))
        .hasMessageContaining("unknown option --namespace");
  }

  @Test
  void helpIsRecognisedAndTheUsageNamesEveryEnvironmentVariable() {
    assertThat(OperatorConfig.from(new String[] {"--help"}, Map.of()).help()).isTrue();
    assertThat(OperatorConfig.USAGE)
        .contains(
            "WATCH_NAMESPACES",
            "LEADER_ELECTION",
            "LEASE_NAME",
            "LEASE_NAMESPACE",
            "HTTP_PORT",
            "HTTP_HOST",
            "OVERDUE_GRACE_SECONDS",
            "INVENTORY_FULL_LISTING_HOURS");
  }

  @Test
  void theReplayJobsTakeTheirImageAccountAndSizeFromFlagsOrTheEnvironment() {
    OperatorConfig unset = OperatorConfig.from(new String[0], Map.of());
    OperatorConfig fromEnv =
        OperatorConfig.from(
            new String[0],
            Map.of(
                "REPLAY_IMAGE", "registry.example/ddb:1.2.3",
                "REPLAY_IMAGE_PULL_POLICY", "Never",
                "REPLAY_SERVICE_ACCOUNT", "restore-writer",
                "POD_NAMESPACE", "ddbbackup-system",
                "REPLAY_CPU", "1",
                "REPLAY_MEMORY", "1Gi"));
    OperatorConfig fromFlags =
        OperatorConfig.from(
            new String[] {"--replay-namespace=restores", "--replay-image=other:2"},
            Map.of("REPLAY_IMAGE", "registry.example/ddb:1.2.3", "POD_NAMESPACE", "ops"));

    assertThat(unset.replayImage()).isNull();
    assertThat(unset.replayImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(unset.replayServiceAccount()).isEqualTo("dynamodb-backup-operator-replay");
    assertThat(unset.replayNamespace()).as("the client's namespace, found at start").isNull();
    assertThat(unset.replayCpu()).isEqualTo("250m");
    assertThat(unset.replayMemory()).isEqualTo("512Mi");
    assertThat(fromEnv.replayImage()).isEqualTo("registry.example/ddb:1.2.3");
    assertThat(fromEnv.replayImagePullPolicy()).isEqualTo("Never");
    assertThat(fromEnv.replayServiceAccount()).isEqualTo("restore-writer");
    assertThat(fromEnv.replayNamespace()).isEqualTo("ddbbackup-system");
    assertThat(fromEnv.replayCpu()).isEqualTo("1");
    assertThat(fromEnv.replayMemory()).isEqualTo("1Gi");
    assertThat(fromFlags.replayNamespace()).isEqualTo("restores");
    assertThat(fromFlags.replayImage()).isEqualTo("other:2");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} is refused naming the flag")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
          --replay-image-pull-policy=Sometimes | --replay-image-pull-policy must be Always, IfNotPresent or Never
          --replay-memory=lots                 | --replay-memory must be a Kubernetes quantity
          --replay-cpu=-1                      | --replay-cpu must be a Kubernetes quantity
          --replay-namespace=Ops_Team          | --replay-namespace must be a Kubernetes name
          --replay-service-account=Writer      | --replay-service-account must be a Kubernetes name
          --replay-image                       | --replay-image needs a value
          """)
  void aBadReplaySettingIsRefusedNamingTheFlag(String flag, String message) {
    assertThatThrownBy(() -> OperatorConfig.from(new String[] {flag}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
