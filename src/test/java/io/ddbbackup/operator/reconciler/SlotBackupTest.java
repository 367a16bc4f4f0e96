package io.ddbbackup.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SlotBackupTest {

  static KubernetesClient client;
  ScheduleFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ScheduleFixture(client, Instant.parse("2026-03-02T02:59:30Z"));
  }

  @Test
  void almostButNotQuiteTimeToRunTakesNoBackupAndAsksToBeWokenAtTheSlot() {
    fx.create("nightly", spec -> {});

    var wake = fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).isEmpty();
    assertThat(wake).contains(Duration.ofSeconds(30));
    var status = fx.status("nightly");
    assertThat(status.getNextScheduleTime()).isEqualTo("2026-03-02T03:00:00Z");
    assertThat(Conditions.ready(status.getConditions()).getStatus()).isEqualTo("True");
    assertThat(Conditions.ready(status.getConditions()).getReason()).isEqualTo("Scheduled");
  }

  @Test
  void theFirstSlotGetsOneBackupNamedAfterTheSlotAndItsStatusIsRecorded() {
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    var wake = fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260302T030000Z");
    var status = fx.status("nightly");
    assertThat(status.getLastScheduleTime()).isEqualTo("2026-03-02T03:00:00Z");
    assertThat(status.getLastBackupName()).isEqualTo("shop-nightly-20260302T030000Z");
    assertThat(status.getLastBackupArn()).isEqualTo(fx.dynamo.backups("orders").get(0).arn());
    assertThat(status.getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(status.getLastSuccessfulTime()).isEqualTo("2026-03-02T03:00:00Z");
    assertThat(status.getCreatedCount()).isEqualTo(1);
    assertThat(status.getBackupCount()).isEqualTo(1);
    assertThat(status.getNextScheduleTime()).isEqualTo("2026-03-03T03:00:00Z");
    assertThat(wake).contains(Duration.ofDays(1));
  }

  @Test
  void aBackupStillCreatingIsFollowedWithBackoffUntilAvailable() {
    fx.dynamo.setCreationDelay(Duration.ofSeconds(45));
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    var firstWake = fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(Conditions.ready(fx.status("nightly").getConditions()).getReason())
        .isEqualTo("BackingUp");
    assertThat(firstWake).contains(Duration.ofSeconds(2));

    fx.clock.advance(Duration.ofSeconds(20));
    var secondWake = fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("CREATING");
    assertThat(secondWake).contains(Duration.ofSeconds(5));

    fx.clock.advance(Duration.ofSeconds(30));
    fx.reconcile("nightly");
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
    assertThat(fx.status("nightly").getLastSuccessfulTime()).isEqualTo("2026-03-02T03:00:50Z");
    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  @Test
  void threeMissedSlotsGiveOneBackupOfTheNewestAndMissedCountTwo() {
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-04T05:00:00Z"));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260304T030000Z");
    assertThat(fx.status("nightly").getMissedCount()).isEqualTo(2);
    assertThat(fx.status("nightly").getLastScheduleTime()).isEqualTo("2026-03-04T03:00:00Z");
  }

  @Test
  void aSlotFoundPastItsStartingDeadlineIsSkippedNotBackedUp() {
    fx.create("nightly", spec -> spec.setStartingDeadlineSeconds(600L));
    fx.clock.set(Instant.parse("2026-03-02T03:15:00Z"));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).isEmpty();
    var status = fx.status("nightly");
    assertThat(status.getMissedCount()).isEqualTo(1);
    assertThat(status.getLastScheduleTime()).isEqualTo("2026-03-02T03:00:00Z");
    assertThat(status.getNextScheduleTime()).isEqualTo("2026-03-03T03:00:00Z");
    assertThat(
            client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems().stream()
                .map(e -> e.getReason()))
        .contains("SlotSkipped");
  }

  @Test
  void aSlotWithinItsStartingDeadlineIsStillBackedUp() {
    fx.create("nightly", spec -> spec.setStartingDeadlineSeconds(600L));
    fx.clock.set(Instant.parse("2026-03-02T03:09:59Z"));

    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
  }

  @Test
  void anIdleReconcileBetweenSlotsCallsNoAwsAndWritesNothing() {
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));
    fx.reconcile("nightly");
    String version = fx.get("nightly").getMetadata().getResourceVersion();
    fx.dynamo.resetCalls();

    fx.clock.set(Instant.parse("2026-03-02T15:00:00Z"));
    var wake = fx.reconcile("nightly");

    assertThat(fx.get("nightly").getMetadata().getResourceVersion()).isEqualTo(version);
    for (var op : io.ddbbackup.operator.aws.BackupStore.Operation.values()) {
      assertThat(fx.dynamo.calls(op)).as(op.name()).isZero();
    }
    assertThat(wake).contains(Duration.ofHours(12));
  }

  @Test
  void theSecondSlotIsBackedUpTooAndCountsAddUp() {
    fx.create("nightly", spec -> {});
    fx.clock.set(Instant.parse("2026-03-02T03:00:00Z"));
    fx.reconcile("nightly");
    fx.clock.set(Instant.parse("2026-03-03T03:00:00Z"));
    fx.reconcile("nightly");

    assertThat(fx.dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly("shop-nightly-20260302T030000Z", "shop-nightly-20260303T030000Z");
    assertThat(fx.dynamo.backups("orders")).allMatch(b -> b.status() == BackupStatus.AVAILABLE);
    assertThat(fx.status("nightly").getCreatedCount()).isEqualTo(2);
    assertThat(fx.status("nightly").getBackupCount()).isEqualTo(2);
    assertThat(fx.status("nightly").getMissedCount()).isZero();
  }
}
