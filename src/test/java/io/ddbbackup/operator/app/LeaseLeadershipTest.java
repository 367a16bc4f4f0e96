package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leadership read from the Lease on the API server: held by this replica and renewed within the
 * renew deadline, as the leader elector keeps it; anything else is no leadership.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {

  static KubernetesClient client;

  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
  private LeaseLeadership leadership;

  @BeforeEach
  void setUp() {
    client.leases().inNamespace("ddbbackup-system").delete();
    leadership =
        new LeaseLeadership(
            client, "ddbbackup-system", "operator", "replica-a", RENEW_DEADLINE, clock);
  }

  @Test
  void aReplicaLeadsWhileTheLeaseNamesItAndItRenewedWithinTheDeadline() {
    lease("replica-a", clock.instant().minusSeconds(2));

    assertThat(leadership.notLeading()).isEmpty();
  }

  @Test
  void aReplicaDoesNotLeadWhenAnotherHoldsTheLease() {
    lease("replica-b", clock.instant().minusSeconds(1));

    assertThat(leadership.notLeading())
        .hasValueSatisfying(w -> assertThat(w).contains("replica-b"));
  }

  @Test
  void aReplicaPausedLongerThanTheRenewDeadlineDoesNotLeadAlthoughTheLeaseStillNamesIt() {
    // what a replica sees the moment it is resumed: its own last renewal, 11 s old
    lease("replica-a", clock.instant().minusSeconds(11));

    assertThat(leadership.notLeading())
        .hasValueSatisfying(w -> assertThat(w).contains("renew deadline"));
  }

  @Test
  void aRenewalSeenOnceCountsUntilItsDeadlineAndNoLonger() {
    lease("replica-a", clock.instant().minusSeconds(2));
    assertThat(leadership.notLeading()).isEmpty();

    // another replica takes over; what was seen holds until renewal + deadline, not a moment longer
    lease("replica-b", clock.instant());
    clock.advance(Duration.ofSeconds(7));
    assertThat(leadership.notLeading()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(leadership.notLeading()).isPresent();
  }

  @Test
  void noLeaseIsNoLeadership() {
    assertThat(leadership.notLeading()).isPresent();
  }

  private void lease(String holder, Instant renewed) {
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("operator")
            .withNamespace("ddbbackup-system")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(holder)
            .withLeaseDurationSeconds(15)
            .withAcquireTime(renewed.minusSeconds(30).atZone(ZoneOffset.UTC))
            .withRenewTime(renewed.atZone(ZoneOffset.UTC))
            .endSpec()
            .build();
    client.resource(lease).createOr(existing -> existing.update());
  }
}
