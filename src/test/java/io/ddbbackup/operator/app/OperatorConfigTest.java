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
}
