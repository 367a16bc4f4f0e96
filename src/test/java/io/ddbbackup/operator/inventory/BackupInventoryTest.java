package io.ddbbackup.operator.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The inventory against a fake DynamoDB: which calls it makes (counted at the fake) and what it
 * then answers, compared with what the fake holds.
 */
class BackupInventoryTest {

  private static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z");
  private static final TableTarget ORDERS = new TableTarget("orders", null, null);
  private static final TableTarget USERS = new TableTarget("users", null, null);
  private static final BackupName NIGHTLY = new BackupName("shop-nightly");

  private final MutableClock clock = new MutableClock(T0);
  private final FakeBackupStore dynamo =
      new FakeBackupStore(clock).addTable("orders").addTable("users");
  private final BackupInventory inventory = BackupInventory.onDemand(dynamo, clock);
  private final BackupStore store = inventory.store();

  private Backup seed(String table, String name, Instant created) {
    Backup b =
        new Backup(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/%s/backup/%d-%s"
                .formatted(table, created.toEpochMilli(), name),
            name,
            table,
            created,
            BackupStatus.AVAILABLE,
            BackupType.USER,
            100);
    dynamo.seed(b);
    return b;
  }

  private List<String> names(List<Backup> backups) {
    return backups.stream().map(Backup::name).toList();
  }

  @Test
  void oneFullListingOfTheAccountServesEveryTableAfterwardsWithoutACall() {
    seed("orders", NIGHTLY.forSlot(T0.minus(Duration.ofDays(1))), T0.minus(Duration.ofDays(1)));
    seed("users", "users-by-hand", T0.minus(Duration.ofDays(2)));

    assertThat(names(inventory.backupsOf(ORDERS)))
        .containsExactly(NIGHTLY.forSlot(T0.minus(Duration.ofDays(1))));
    assertThat(dynamo.calls(Operation.LIST)).isEqualTo(1);

    assertThat(names(inventory.backupsOf(USERS))).containsExactly("users-by-hand");
    assertThat(names(inventory.backupsOf(ORDERS))).hasSize(1);
    assertThat(dynamo.calls(Operation.LIST)).as("no second listing").isEqualTo(1);
  }

  @Test
  void backupsCreatedAndDeletedThroughItsStoreAreKnownWithoutAListing() {
    seed("orders", "orders-old", T0.minus(Duration.ofDays(3)));
    Backup old = inventory.backupsOf(ORDERS).get(0);
    dynamo.resetCalls();

    Backup made = store.create(ORDERS, NIGHTLY.forSlot(T0));
    store.delete(ORDERS, old.arn());

    assertThat(inventory.backupsOf(ORDERS)).extracting(Backup::arn).containsExactly(made.arn());
    assertThat(dynamo.calls(Operation.LIST)).isZero();
  }

  @Test
  void aBackupDeletedOutsideTheOperatorIsCountedUntilTheNextFullListing() {
    Backup byHand =
        seed("orders", NIGHTLY.forSlot(T0.minus(Duration.ofDays(1))), T0.minusSeconds(86_000));
    inventory.backupsOf(ORDERS);
    dynamo.fail(byHand.arn()); // gone from DynamoDB behind the operator's back

    clock.advance(Duration.ofDays(7).minusHours(1));
    assertThat(inventory.backupsOf(ORDERS)).as("a week has not passed").hasSize(1);

    clock.advance(Duration.ofHours(1));
    assertThat(inventory.backupsOf(ORDERS)).as("the weekly full listing").isEmpty();
    assertThat(dynamo.calls(Operation.LIST)).isEqualTo(2);
  }

  @Test
  void aHerdOfCreatingBackupsIsFollowedByOneSharedListingNotADescribeEach() {
    dynamo.setCreationDelay(Duration.ofSeconds(3));
    List<Backup> herd = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      herd.add(store.create(new TableTarget("orders", null, null), "herd-" + i));
    }
    dynamo.resetCalls();
    clock.advance(Duration.ofSeconds(4));

    List<BackupStatus> seen = new ArrayList<>();
    for (Backup b : herd) {
      seen.add(inventory.follow(ORDERS, b.arn()).status());
    }

    assertThat(seen).containsOnly(BackupStatus.AVAILABLE);
    assertThat(dynamo.calls(Operation.LIST)).isEqualTo(1);
    assertThat(dynamo.calls(Operation.DESCRIBE)).isZero();
  }

  @Test
  void aFewCreatingBackupsAreEachDescribed() {
    dynamo.setCreationDelay(Duration.ofSeconds(3));
    Backup lone = store.create(ORDERS, NIGHTLY.forSlot(T0));
    dynamo.resetCalls();

    clock.advance(Duration.ofSeconds(2));
    assertThat(inventory.follow(ORDERS, lone.arn()).status()).isEqualTo(BackupStatus.CREATING);
    clock.advance(Duration.ofSeconds(2));
    assertThat(inventory.follow(ORDERS, lone.arn()).status()).isEqualTo(BackupStatus.AVAILABLE);

    assertThat(dynamo.calls(Operation.DESCRIBE)).isEqualTo(2);
    assertThat(dynamo.calls(Operation.LIST)).isZero();
  }

  @Test
  void aHerdBackupThatFailedIsNoticedByDescribeBackupAfterAListingPassedOverIt() {
    dynamo.setCreationDelay(Duration.ofSeconds(30));
    List<Backup> herd = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      herd.add(store.create(ORDERS, "herd-" + i));
    }
    dynamo.fail(herd.get(0).arn()); // DynamoDB dropped it: no longer listed, unknown to Describe

    clock.advance(Duration.ofSeconds(20));
    assertThat(inventory.follow(ORDERS, herd.get(1).arn()).status())
        .isEqualTo(BackupStatus.CREATING);

    assertThatThrownBy(() -> inventory.follow(ORDERS, herd.get(0).arn()))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.BACKUP_NOT_FOUND));
  }

  @Test
  void aBackupDeletedByTheOperatorDoesNotComeBackFromAPageAskedForBeforeTheDelete() {
    Backup old = seed("orders", "orders-old", T0.minus(Duration.ofDays(3)));
    inventory.backupsOf(ORDERS);
    // an answer given before the DeleteBackup, arriving after it
    BackupStore.Page stale = dynamo.listPage(ORDERS, null, null, null);
    store.delete(ORDERS, old.arn());

    stale.backups().forEach(b -> inventory.seen(ORDERS, b));

    assertThat(inventory.backupsOf(ORDERS)).isEmpty();
  }

  @Test
  void aBackupCreatedWhileAFullListingRunsIsNotTakenForDeleted() {
    seed("orders", "orders-old", T0.minus(Duration.ofDays(3)));
    seed("orders", "orders-older", T0.minus(Duration.ofDays(4)));
    BackupStore[] through = new BackupStore[1];
    String made = NIGHTLY.forSlot(T0.plus(Duration.ofDays(7)));
    // a schedule's CreateBackup lands between the two pages of the next full listing
    BackupStore createsBetweenPages =
        new WrappedBackupStore(
            dynamo,
            new CallWrapper() {
              @Override
              public <T> T around(Operation op, TableTarget target, Supplier<T> call) {
                T result = call.get();
                if (op == Operation.LIST && through[0] != null) {
                  BackupStore s = through[0];
                  through[0] = null;
                  s.create(ORDERS, made);
                }
                return result;
              }
            });
    BackupInventory inv = BackupInventory.onDemand(createsBetweenPages, clock);
    inv.backupsOf(ORDERS);
    dynamo.setPageSize(1);
    clock.advance(Duration.ofDays(7));
    through[0] = inv.store();

    assertThat(names(inv.backupsOf(ORDERS))).containsExactly("orders-older", "orders-old", made);
  }

  @Test
  void adoptionFindsABackupTheInventoryHoldsWithoutACallAndOtherwiseListsTheSlotsWindow() {
    String name = NIGHTLY.forSlot(T0);
    Backup made = store.create(ORDERS, name);
    dynamo.resetCalls();

    assertThat(inventory.find(ORDERS, name, T0.minusSeconds(300), T0.plusSeconds(300)))
        .map(Backup::arn)
        .contains(made.arn());
    assertThat(dynamo.calls(Operation.LIST)).isZero();

    // a CreateBackup whose answer was lost: the inventory never heard of it
    dynamo.loseNextCreateResponses(1);
    String next = NIGHTLY.forSlot(T0.plusSeconds(60));
    assertThatThrownBy(() -> store.create(ORDERS, next)).isInstanceOf(BackupStoreException.class);
    assertThat(inventory.find(ORDERS, next, T0, T0.plusSeconds(600))).isPresent();
    assertThat(dynamo.calls(Operation.LIST)).isEqualTo(1);
  }

  @Test
  void untilTheFirstFullListingCompletesAReaderListsItsTable() {
    List<Runnable> pending = new ArrayList<>();
    Executor later = pending::add;
    BackupInventory background =
        new BackupInventory(dynamo, InventorySettings.defaults(), clock, later);
    seed("orders", "orders-old", T0.minus(Duration.ofDays(3)));
    background.register(ORDERS);
    assertThat(pending).as("the full listing is queued, not run").hasSize(1);

    assertThat(names(background.backupsOf(ORDERS))).containsExactly("orders-old");
    assertThat(background.complete()).isFalse();

    pending.get(0).run();
    dynamo.resetCalls();
    assertThat(background.complete()).isTrue();
    assertThat(names(background.backupsOf(ORDERS))).containsExactly("orders-old");
    assertThat(dynamo.calls(Operation.LIST)).isZero();
  }
}
