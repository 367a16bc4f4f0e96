package io.ddbbackup.operator.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A burst of calls on one bucket at one instant (as many reconcile threads at once): the budget
 * lets through what it can serve within the one-second wait and turns the rest away; another bucket
 * is not held up by it.
 */
class BucketBudgetTest {

  private final long now = 1_000_000_000L;
  private final List<Long> waits = new ArrayList<>();
  // time does not move: every caller arrives at the same instant, as concurrent threads would
  private final BucketBudget budget = new BucketBudget(50, () -> now, waits::add);

  @Test
  void aBurstOnOneBucketGetsOneSecondsWorthAndTheRestIsQueued() {
    int admitted = 0;
    BackupStoreException refused = null;
    while (refused == null && admitted < 1000) {
      try {
        budget.take("vault", Operation.PUT_OBJECT);
        admitted++;
      } catch (BackupStoreException e) {
        refused = e;
      }
    }

    // 50 a second, each waiting at most a second: the first at once, then one every 20 ms
    assertThat(admitted).isBetween(50, 51);
    assertThat(waits)
        .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos()));
    assertThat(refused.failure()).isEqualTo(Failure.QUEUED);
    assertThat(refused.retryAfter()).isPositive();
    assertThat(refused).hasMessageContaining("PutObject");
  }

  @Test
  void anotherBucketIsServedAtOnceWhileOneIsBusy() {
    boolean busy = false;
    for (int i = 0; i < 100 && !busy; i++) {
      try {
        budget.take("vault", Operation.GET_OBJECT);
      } catch (BackupStoreException e) {
        busy = true;
      }
    }
    assertThat(busy).as("the burst exhausted vault's budget").isTrue();
    int waitsBefore = waits.size();

    budget.take("other-bucket", Operation.GET_OBJECT);

    assertThat(waits).hasSize(waitsBefore); // no wait was needed for it
  }
}
