package io.ddbbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FakeBackupStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T03:00:00Z");
  private static final TableTarget ORDERS = new TableTarget("orders", null, null);

  private final MutableClock clock = new MutableClock(T0);
  private final FakeBackupStore store = new FakeBackupStore(clock).addTable("orders");

  @Test
  void creatingTheSameNameTwiceMakesTwoBackupsLikeDynamoDb() {
    Backup first = store.create(ORDERS, "shop-nightly-20260301T030000Z");
    Backup second = store.create(ORDERS, "shop-nightly-20260301T030000Z");

    assertThat(first.arn()).isNotEqualTo(second.arn());
    assertThat(first.arn())
        .matches("arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/\\d{13}-[0-9a-f]{8}");
    assertThat(store.backups("orders")).hasSize(2);
    assertThat(store.calls(Operation.CREATE)).isEqualTo(2);
  }

  @Test
  void aNewBackupIsCreatingThenAvailableOnTheNextDescribe() {
    Backup created = store.create(ORDERS, "b1");

    assertThat(created.status()).isEqualTo(BackupStatus.CREATING);
    assertThat(store.describe(ORDERS, created.arn()).status()).isEqualTo(BackupStatus.AVAILABLE);
  }

  @Test
  void aCreationDelayKeepsTheBackupCreatingAndUndeletableUntilTheClockPassesIt() {
    store.setCreationDelay(Duration.ofMinutes(2));
    Backup created = store.create(ORDERS, "b1");

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.describe(ORDERS, created.arn()).status()).isEqualTo(BackupStatus.CREATING);
    assertThatThrownBy(() -> store.delete(ORDERS, created.arn()))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.BACKUP_IN_USE);

    clock.advance(Duration.ofMinutes(1));
    store.delete(ORDERS, created.arn());
    assertThat(store.backups("orders")).isEmpty();
    assertThatThrownBy(() -> store.describe(ORDERS, created.arn()))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.BACKUP_NOT_FOUND);
  }

  @Test
  void aFailingBackupDisappearsInsteadOfBecomingAvailable() {
    store.setFailNewBackups(true);
    Backup created = store.create(ORDERS, "b1");

    assertThatThrownBy(() -> store.describe(ORDERS, created.arn()))
        .extracting(e -> ((BackupStoreException) e).failure())
        .isEqualTo(Failure.BACKUP_NOT_FOUND);
  }

  @Test
  void anUnknownTableIsTableNotFound() {
    assertThatThrownBy(() -> store.create(new TableTarget("nope", null, null), "b1"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.TABLE_NOT_FOUND);
              assertThat(e.awsErrorCode()).isEqualTo("TableNotFoundException");
            });
  }

  @Test
  void listReturnsOnlyUserBackupsOfTheTableInTheRangeOldestFirst() {
    store.addTable("other");
    store.seed(backup("by-hand", "orders", T0.minusSeconds(60), BackupType.USER));
    store.seed(backup("aws-backup", "orders", T0.minusSeconds(30), BackupType.AWS_BACKUP));
    store.seed(backup("system", "orders", T0.minusSeconds(20), BackupType.SYSTEM));
    store.seed(backup("other-table", "other", T0.minusSeconds(10), BackupType.USER));
    Backup mine = store.create(ORDERS, "mine");
    clock.advance(Duration.ofHours(1));
    store.create(ORDERS, "later");

    assertThat(store.list(ORDERS, null, null))
        .extracting(Backup::name)
        .containsExactly("by-hand", "mine", "later");
    assertThat(store.list(ORDERS, T0.minusSeconds(30), T0))
        .extracting(Backup::arn)
        .containsExactly(mine.arn());
    assertThat(store.backups("orders")).hasSize(5);
  }

  @Test
  void aTableArnSelectsTheTableAndRegion() {
    TableTarget byArn =
        new TableTarget("arn:aws:dynamodb:us-east-2:444455556666:table/orders", null, null);

    assertThat(store.create(byArn, "b1").arn())
        .startsWith("arn:aws:dynamodb:us-east-2:111122223333:table/orders/backup/");
  }

  @Test
  void injectedFailuresAreThrownTheGivenNumberOfTimesAndCounted() {
    store.failNext(Operation.LIST, Failure.THROTTLED, 2);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> store.list(ORDERS, null, null))
          .isInstanceOfSatisfying(
              BackupStoreException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.THROTTLED));
    }
    assertThat(store.list(ORDERS, null, null)).isEmpty();
    assertThat(store.calls(Operation.LIST)).isEqualTo(3);
  }

  @Test
  void aLostCreateResponseStillLeavesTheBackupInDynamoDb() {
    store.loseNextCreateResponses(1);

    assertThatThrownBy(() -> store.create(ORDERS, "b1"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE));
    assertThat(store.list(ORDERS, T0, T0)).extracting(Backup::name).containsExactly("b1");
  }

  private static Backup backup(String name, String table, Instant at, BackupType type) {
    return new Backup(
        "arn:aws:dynamodb:eu-west-1:111122223333:table/" + table + "/backup/" + name,
        name,
        table,
        at,
        BackupStatus.AVAILABLE,
        type,
        10);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
