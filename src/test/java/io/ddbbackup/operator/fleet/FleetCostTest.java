package io.ddbbackup.operator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.PointInTimeRecoverySpec;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.reconciler.schedule.BackupScheduleReconciler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a fleet costs per backup, counted where the calls and writes arrive (the fake DynamoDB and
 * the in-memory API server), never from the operator's own metrics: CreateBackup, DescribeBackup,
 * ListBackups pages (one of its table before each prune that deletes, to confirm what it keeps) and
 * DeleteBackup per backup, status writes per backup, and nothing at all between slots. Counts only;
 * times belong to the benchmark (docs/performance.md).
 *
 * <p>The fleet: hourly schedules with keepLast 3 over tables that already hold five backups each; a
 * backup is CREATING for 3 s, ListBackups returns 100 backups a page, as DynamoDB's simulated twin
 * in the benchmark does.
 */
class FleetCostTest {

  private static final Instant HOUR = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant START = HOUR.plus(Duration.ofMinutes(10));
  private static final int SLOTS = 5;
  private static final int KEEP_LAST = 3;
  private static final int OLD_BACKUPS = 5;
  private static final Duration CHECK_INTERVAL =
      BackupScheduleReconciler.DEFAULT_PITR_CHECK_INTERVAL;

  private FleetUnderTest fleet(int schedules) {
    FleetUnderTest fleet = new FleetUnderTest(START);
    fleet.dynamo.setCreationDelay(Duration.ofSeconds(3));
    fleet.dynamo.setPageSize(100);
    for (int i = 0; i < schedules; i++) {
      String name = "s-%02d".formatted(i);
      String table = "table-%02d".formatted(i);
      fleet.dynamo.addTable(table);
      for (int day = 1; day <= OLD_BACKUPS; day++) {
        seedOwn(fleet, name, table, HOUR.minus(Duration.ofDays(day)));
      }
      fleet.create(name, table, "0 * * * *", spec -> spec.setRetention(keepLast()));
    }
    return fleet;
  }

  @Test
  void aHerdOfFiftyIsFollowedAndPrunedWithAFewSharedListingsAndNoDescribeBackup() {
    FleetUnderTest fleet = fleet(50);
    fleet.runUntil(START);
    fleet.dynamo.resetCalls();
    fleet.api.resetCounts();

    fleet.runUntil(slot(SLOTS).plus(Duration.ofMinutes(10)));

    int backups = 50 * SLOTS;
    assertThat(fleet.dynamo.calls(Operation.CREATE)).as("CreateBackup").isEqualTo(backups);
    // every slot's backup made once, and retention left exactly the newest KEEP_LAST of each table
    for (int i = 0; i < 50; i++) {
      assertThat(names(fleet, "table-%02d".formatted(i)))
          .containsExactlyElementsOf(expectedKept("s-%02d".formatted(i)));
    }
    assertThat(fleet.dynamo.calls(Operation.DELETE))
        .as("DeleteBackup: the old backups and every slot's but the newest %d", KEEP_LAST)
        .isEqualTo(50 * (OLD_BACKUPS + SLOTS - KEEP_LAST));
    // a herd is followed by shared listings (a page carries 100 backups), not by a call each;
    // the first prune lists the account once in full (300 backups: 3 pages); and each prune that
    // deletes lists its own table first (one page), so that what it keeps exists
    assertThat(perBackup(fleet.dynamo.calls(Operation.LIST), backups))
        .as("ListBackups pages per backup")
        .isLessThanOrEqualTo(1.1);
    assertThat(fleet.dynamo.calls(Operation.DESCRIBE)).as("DescribeBackup").isZero();
    assertTwoStatusWritesPerBackup(fleet, backups);
  }

  @Test
  void aLoneScheduleIsFollowedByDescribeBackupAndListsOnlyItsTableBeforeEachPrune() {
    FleetUnderTest fleet = fleet(1);
    fleet.runUntil(slot(1).plus(Duration.ofMinutes(10))); // the first prune fills the inventory
    fleet.dynamo.resetCalls();
    fleet.api.resetCounts();

    fleet.runUntil(slot(SLOTS).plus(Duration.ofMinutes(10)));

    int backups = SLOTS - 1;
    assertThat(fleet.dynamo.calls(Operation.CREATE)).isEqualTo(backups);
    assertThat(fleet.dynamo.calls(Operation.DELETE)).isEqualTo(backups);
    assertThat(fleet.dynamo.calls(Operation.LIST))
        .as("ListBackups: one page of its own table before each prune deletes")
        .isEqualTo(backups);
    // first looked at 5 s after CreateBackup, when it (CREATING for 3 s) is AVAILABLE
    assertThat(fleet.dynamo.calls(Operation.DESCRIBE)).isEqualTo(backups);
    assertThat(names(fleet, "table-00")).containsExactlyElementsOf(expectedKept("s-00"));
    assertTwoStatusWritesPerBackup(fleet, backups);
  }

  @Test
  void betweenSlotsTheFleetMakesNoCallAndNoWriteEvenWhenEveryScheduleIsReconciledAgain() {
    FleetUnderTest fleet = fleet(50);
    fleet.runUntil(slot(1).plus(Duration.ofMinutes(10)));
    fleet.dynamo.resetCalls();
    fleet.api.resetCounts();
    int reconciles = fleet.reconciles();

    assertThat(fleet.nextWake())
        .as("nobody asks to be woken before the next slot")
        .contains(slot(2));
    fleet.runUntil(slot(2).minusSeconds(1));
    fleet.resyncAll();

    for (Operation op : Operation.values()) {
      assertThat(fleet.dynamo.calls(op)).as(op.awsName()).isZero();
    }
    assertThat(fleet.api.statusWrites() + fleet.api.otherWrites()).as("writes").isZero();
    assertThat(fleet.reconciles() - reconciles).as("only the resync reconciled").isEqualTo(50);
  }

  @Test
  void pointInTimeRecoveryChecksThatFindNothingNewMakeNoWrite() {
    FleetUnderTest fleet = new FleetUnderTest(START);
    int schedules = 50;
    for (int i = 0; i < schedules; i++) {
      fleet.create(
          "s-%02d".formatted(i),
          "table-%02d".formatted(i),
          "0 3 1 1 *",
          spec -> {
            PointInTimeRecoverySpec pitr = new PointInTimeRecoverySpec();
            pitr.setEnabled(true);
            spec.setPointInTimeRecovery(pitr);
          });
    }
    // turned on, then found as the spec says: written once each
    fleet.runUntil(START.plus(Duration.ofHours(1)));
    fleet.dynamo.resetCalls();
    fleet.api.resetCounts();

    Duration day = Duration.ofDays(1);
    fleet.runUntil(START.plus(Duration.ofHours(1)).plus(day));

    int checks = (int) (day.toSeconds() / CHECK_INTERVAL.toSeconds()) * schedules;
    assertThat(fleet.dynamo.calls(Operation.DESCRIBE_CONTINUOUS_BACKUPS))
        .as("every schedule checked once per interval")
        .isBetween(checks - schedules, checks + schedules);
    assertThat(fleet.api.statusWrites() + fleet.api.otherWrites())
        .as("writes for checks that found the table as the spec says")
        .isZero();
  }

  @Test
  void
      aNewScheduleCostsOneStatusWriteAndOneTableCheckAndOneWithDeletionPolicyDeleteItsFinalizerToo() {
    FleetUnderTest fleet = new FleetUnderTest(START);
    fleet.create("kept", "orders", "0 * * * *", spec -> {});
    fleet.create(
        "doomed", "users", "0 * * * *", spec -> spec.setDeletionPolicy(DeletionPolicy.Delete));

    fleet.runUntil(START);

    assertThat(fleet.api.statusWrites()).as("status writes").isEqualTo(2);
    assertThat(fleet.api.otherWrites()).as("the finalizer, on 'doomed' only").isEqualTo(1);
    assertThat(fleet.api.get("kept").getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(fleet.api.get("doomed").getMetadata().getFinalizers())
        .containsExactly("ddbbackup.io/finalizer");
    // the check of a new spec's table, once per schedule; no backup call before the first slot
    assertThat(fleet.dynamo.calls(Operation.DESCRIBE_TABLE)).as("DescribeTable").isEqualTo(2);
    for (Operation op : Operation.values()) {
      if (op != Operation.DESCRIBE_TABLE) {
        assertThat(fleet.dynamo.calls(op)).as(op.awsName()).isZero();
      }
    }
  }

  private static void assertTwoStatusWritesPerBackup(FleetUnderTest fleet, int backups) {
    Map<String, Integer> perBackup = fleet.api.statusWritesPerBackup();
    assertThat(perBackup).hasSize(backups);
    assertThat(perBackup.values()).as("status writes per backup").allMatch(n -> n <= 2);
    assertThat(fleet.api.statusWrites()).as("all status writes").isLessThanOrEqualTo(2 * backups);
  }

  /** The n-th hourly slot after the start. */
  private static Instant slot(int n) {
    return HOUR.plus(Duration.ofHours(n));
  }

  /** The names the schedule must hold at the end: its newest KEEP_LAST slots, oldest first. */
  private static List<String> expectedKept(String schedule) {
    BackupName names = BackupName.defaultFor(FleetUnderTest.NAMESPACE, schedule);
    List<String> kept = new ArrayList<>();
    for (int n = SLOTS - KEEP_LAST + 1; n <= SLOTS; n++) {
      kept.add(names.forSlot(slot(n)));
    }
    return kept;
  }

  private static List<String> names(FleetUnderTest fleet, String table) {
    return fleet.dynamo.backups(table).stream().map(Backup::name).toList();
  }

  private static void seedOwn(FleetUnderTest fleet, String schedule, String table, Instant slot) {
    String name = BackupName.defaultFor(FleetUnderTest.NAMESPACE, schedule).forSlot(slot);
    fleet.dynamo.seed(
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/%s/backup/%d-seed"
                .formatted(table, slot.toEpochMilli()),
            name,
            table,
            slot.plusSeconds(2),
            BackupStatus.AVAILABLE,
            BackupType.USER,
            1024));
  }

  private static RetentionSpec keepLast() {
    RetentionSpec retention = new RetentionSpec();
    retention.setKeepLast(KEEP_LAST);
    return retention;
  }

  private static double perBackup(int calls, int backups) {
    return calls / (double) backups;
  }
}
