package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.inventory.BackupInventory;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Checkpoints;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backup in flight, observed with nothing but values, a fake DynamoDB and a clock: no API
 * server, mock or real.
 */
class InFlightBackupTest {

  private static final Instant SLOT = Instant.parse("2026-03-02T03:00:00Z");
  private static final BackupName NAMES = BackupName.defaultFor("shop", "nightly");

  private final MutableClock clock = new MutableClock(SLOT.plusSeconds(30));
  private final FakeBackupStore dynamo = new FakeBackupStore(clock).addTable("orders");
  private final List<String> events = new ArrayList<>();
  private final InFlightBackup inFlight =
      new InFlightBackup(
          BackupInventory.onDemand(dynamo, clock),
          new ResourceEvents(null, clock) {
            @Override
            public void normal(HasMetadata resource, String reason, String message) {
              events.add(reason);
            }

            @Override
            public void warning(HasMetadata resource, String reason, String message) {
              events.add(reason);
            }
          },
          ScheduleMetrics.NONE,
          new Backoff(
              Duration.ofSeconds(2),
              Duration.ofMinutes(1),
              Duration.ofSeconds(10),
              Duration.ofMinutes(10),
              () -> 0.5),
          clock,
          Checkpoints.NONE);

  @Test
  void aRecordedNameWhoseBackupExistsIsAdoptedAndNotCreatedAgain() {
    Backup made = dynamo.create(target(), NAMES.forSlot(SLOT));
    dynamo.resetCalls();

    Step next = inFlight.observe(recorded(NAMES.forSlot(SLOT), SLOT));

    assertThat(dynamo.calls(Operation.CREATE)).isZero();
    assertThat(dynamo.backups("orders")).hasSize(1);
    assertThat(next.state().lastBackup().arn()).isEqualTo(made.arn());
    assertThat(next.state().createdCount()).isEqualTo(1);
    assertThat(events).containsExactly("Adopted", "BackupAvailable");
    assertThat(next.pruneDue()).isTrue();
  }

  @Test
  void aRecordedSlotWithNoBackupIsGivenUpOnceANewerSlotIsDue() {
    clock.set(Instant.parse("2026-03-03T03:00:05Z"));

    Step next = inFlight.observe(recorded(NAMES.forSlot(SLOT), SLOT));

    assertThat(dynamo.calls(Operation.CREATE)).isZero();
    assertThat(next.state().lastBackup().phase()).isEqualTo(BackupPhase.FAILED);
    assertThat(next.state().missedCount()).isEqualTo(1);
    assertThat(events).containsExactly("SlotSkipped");
  }

  @Test
  void aRecordedSlotWithNoBackupIsCreatedWhileItIsStillItsTurn() {
    Step next = inFlight.observe(recorded(NAMES.forSlot(SLOT), SLOT));

    assertThat(dynamo.backups("orders"))
        .extracting(Backup::name)
        .containsExactly(NAMES.forSlot(SLOT));
    assertThat(next.state().lastBackup().arn()).isEqualTo(dynamo.backups("orders").get(0).arn());
  }

  @Test
  void aBackupStillCreatingIsFollowedWithBackoffAndCompletesOnceAvailable() {
    dynamo.setCreationDelay(Duration.ofMinutes(2));
    Step created = inFlight.create(recorded(NAMES.forSlot(SLOT), SLOT), NAMES.forSlot(SLOT));
    assertThat(created.state().lastBackup().phase()).isEqualTo(BackupPhase.CREATING);
    assertThat(created.wakeAt()).isEqualTo(clock.instant().plusSeconds(2));

    clock.advance(Duration.ofMinutes(1));
    Step following = inFlight.observe(created);
    assertThat(following.news().reason()).isEqualTo(ReadyReason.BACKING_UP);
    assertThat(following.pruneDue()).isFalse();

    clock.advance(Duration.ofMinutes(2));
    Step done = inFlight.observe(following);
    assertThat(done.state().lastBackup().phase()).isEqualTo(BackupPhase.AVAILABLE);
    assertThat(done.state().lastSuccessfulTime()).isEqualTo(done.now());
    assertThat(done.pruneDue()).isTrue();
  }

  private Step recorded(String name, Instant slot) {
    DynamoDBBackupSchedule resource = new DynamoDBBackupSchedule();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("shop")
            .withName("nightly")
            .withGeneration(1L)
            .withCreationTimestamp("2026-03-01T00:00:00Z")
            .build());
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName("orders");
    spec.setSchedule("0 3 * * *");
    resource.setSpec(spec);
    ScheduleSettings settings = SpecValidator.validate(resource).settings();
    ScheduleState state =
        ScheduleState.of(null)
            .with(
                s -> {
                  s.lastScheduleTime = slot;
                  s.lastBackup = SlotRecord.recorded(name);
                });
    Instant now = clock.instant();
    return Step.begin(
        resource, settings, now, state, SlotStarter.plan(resource, state, settings, now), false);
  }

  private TableTarget target() {
    return new TableTarget("orders", null, null);
  }
}
