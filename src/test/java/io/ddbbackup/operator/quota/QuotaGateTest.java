package io.ddbbackup.operator.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.FakeBackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quota gate around a store: a permit per call, and refused CreateBackups tried again. */
class QuotaGateTest {

  private static final TableTarget ORDERS = new TableTarget("orders", "eu-west-1", null);
  private final FakeBackupStore dynamo =
      new FakeBackupStore(new MutableClock(Instant.parse("2026-03-02T03:00:00Z")))
          .addTable("orders");

  /**
   * Virtual time for the limiters: one permit a second and a bucket of one, so the n-th permit of
   * an operation is granted n-1 virtual seconds after the first and the time tells how many were
   * taken.
   */
  private final AtomicLong nanos = new AtomicLong();

  private final Map<Operation, RateLimiter> limiters = new EnumMap<>(Operation.class);

  private final BackupStore store =
      new WrappedBackupStore(
          dynamo, gate(new QuotaGate.RefusalRetry(5, Duration.ofMillis(1), Duration.ofMillis(2))));

  /** A gate over the virtual-time limiters above. */
  private QuotaGate gate(QuotaGate.RefusalRetry retry) {
    return new QuotaGate(
        new Quotas(
            op ->
                limiters.computeIfAbsent(
                    op, o -> new RateLimiter(1, 1, nanos::get, nanos::addAndGet))),
        TableTarget::region,
        retry);
  }

  /** Permits taken so far, all operations together, read off the virtual time. */
  private long permitsTaken() {
    return limiters.isEmpty() ? 0 : limiters.size() + Duration.ofNanos(nanos.get()).toSeconds();
  }

  @Test
  void aThrottledCreateBackupIsTriedAgainEachTimeWithANewPermit() {
    dynamo.failNext(Operation.CREATE, Failure.THROTTLED, 2);

    store.create(ORDERS, "shop-orders-20260302T030000Z");

    assertThat(dynamo.backups("orders")).hasSize(1);
    assertThat(dynamo.calls(Operation.CREATE)).isEqualTo(3);
    assertThat(permitsTaken()).isEqualTo(3);
  }

  @Test
  void aCreateBackupThatMayHaveTakenEffectIsNotTriedAgain() {
    dynamo.loseNextCreateResponses(1);

    assertThatThrownBy(() -> store.create(ORDERS, "shop-orders-20260302T030000Z"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE));
    assertThat(dynamo.backups("orders")).hasSize(1);
    assertThat(dynamo.calls(Operation.CREATE)).isEqualTo(1);
  }

  @Test
  void refusalsAreTriedNoMoreThanTheAttemptsAllow() {
    dynamo.failNext(Operation.CREATE, Failure.LIMIT_EXCEEDED, 9);

    assertThatThrownBy(() -> store.create(ORDERS, "shop-orders-20260302T030000Z"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.LIMIT_EXCEEDED));
    assertThat(dynamo.calls(Operation.CREATE)).isEqualTo(5);
    assertThat(dynamo.backups("orders")).isEmpty();
  }

  @Test
  void aDescribeTableWaitsForNoPermitWhileADescribeBackupWaitsUpToASecond() {
    QuotaGate gate = gate(new QuotaGate.RefusalRetry(1, Duration.ZERO, Duration.ZERO));
    List<Operation> made = new ArrayList<>();

    gate.around(Operation.DESCRIBE_TABLE, ORDERS, () -> made.add(Operation.DESCRIBE_TABLE));
    // the next permit is a second away: a table check is not made and says when to come back
    assertThatThrownBy(
            () ->
                gate.around(
                    Operation.DESCRIBE_TABLE, ORDERS, () -> made.add(Operation.DESCRIBE_TABLE)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.QUEUED);
              assertThat(e.retryAfter()).isPositive();
            });
    assertThat(Duration.ofNanos(nanos.get())).as("time spent waiting").isZero();

    gate.around(Operation.DESCRIBE, ORDERS, () -> made.add(Operation.DESCRIBE));
    gate.around(Operation.DESCRIBE, ORDERS, () -> made.add(Operation.DESCRIBE));
    // a DescribeBackup's second permit, a second away, is waited for
    assertThat(Duration.ofNanos(nanos.get()))
        .as("time spent waiting")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(made)
        .containsExactly(Operation.DESCRIBE_TABLE, Operation.DESCRIBE, Operation.DESCRIBE);
  }

  @Test
  void everyListBackupsPageTakesAPermitOfItsOwn() {
    List<String> pagesAsked = new ArrayList<>();
    BackupStore threePages =
        new BackupStore() {
          @Override
          public Backup create(TableTarget target, String backupName) {
            return dynamo.create(target, backupName);
          }

          @Override
          public Backup describe(TableTarget target, String backupArn) {
            return dynamo.describe(target, backupArn);
          }

          @Override
          public void delete(TableTarget target, String backupArn) {
            dynamo.delete(target, backupArn);
          }

          @Override
          public Page listPage(TableTarget target, Instant from, Instant to, String start) {
            pagesAsked.add(String.valueOf(start));
            String next = start == null ? "page-2" : start.equals("page-2") ? "page-3" : null;
            return new Page(List.of(), next);
          }
        };
    BackupStore limited =
        new WrappedBackupStore(
            threePages, gate(new QuotaGate.RefusalRetry(1, Duration.ZERO, Duration.ZERO)));

    limited.list(ORDERS, null, null);

    assertThat(pagesAsked).containsExactly("null", "page-2", "page-3");
    assertThat(permitsTaken()).isEqualTo(3);
  }
}
