package io.ddbbackup.operator.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  /** Fake time that moves only when a caller "sleeps", so tests never wait. */
  private final AtomicLong now = new AtomicLong(42 * SECOND);

  private final List<Long> sleeps = new ArrayList<>();

  private RateLimiter limiter(double perSecond) {
    return new RateLimiter(
        perSecond,
        now::get,
        nanos -> {
          sleeps.add(nanos);
          now.addAndGet(nanos);
        });
  }

  @Test
  void aFreshLimiterLetsTheFirstCallerThroughWithoutWaiting() throws Exception {
    RateLimiter limiter = limiter(5);

    limiter.acquire();

    assertThat(sleeps).isEmpty();
  }

  @Test
  void callersAreSpacedAtTheRateSoNoSecondEverSeesMoreThanTheQuota() throws Exception {
    RateLimiter limiter = limiter(5);
    limiter.acquire();

    limiter.acquire();
    limiter.acquire();

    assertThat(sleeps).containsExactly(SECOND / 5, SECOND / 5);
  }

  @Test
  void queuedCallersGetIncreasingWaitsInArrivalOrder() {
    RateLimiter limiter = limiter(10);
    assertThat(limiter.reserve()).isZero();

    // three callers arriving at the same instant: each waits one interval longer than the last
    assertThat(limiter.reserve()).isEqualTo(SECOND / 10);
    assertThat(limiter.reserve()).isEqualTo(2 * SECOND / 10);
    assertThat(limiter.reserve()).isEqualTo(3 * SECOND / 10);
  }

  @Test
  void idleTimeRefillsTheBucketButNeverBeyondOnePermit() {
    RateLimiter limiter = limiter(5);
    for (int i = 0; i < 5; i++) {
      limiter.reserve();
    }

    now.addAndGet(10 * SECOND);

    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(SECOND / 5);
  }

  @Test
  void quotasAreKeptApartPerAccountRegionAndOperation() throws Exception {
    List<Operation> built = new ArrayList<>();
    Quotas quotas =
        new Quotas(
            op -> {
              built.add(op);
              return limiter(1);
            });

    quotas.acquire(new Quotas.Key("111122223333", "eu-west-1", Operation.CREATE));
    quotas.acquire(new Quotas.Key("111122223333", "eu-west-1", Operation.CREATE));
    quotas.acquire(new Quotas.Key("111122223333", "eu-west-1", Operation.LIST));
    quotas.acquire(new Quotas.Key("111122223333", "us-east-1", Operation.CREATE));
    quotas.acquire(new Quotas.Key("444455556666", "eu-west-1", Operation.CREATE));

    assertThat(built).hasSize(4);
    assertThat(sleeps).containsExactly(SECOND); // only the second CREATE in one bucket waited
  }

  @Test
  void theAccountComesFromTheRoleThenTheTableArnThenDefault() {
    String tableArn = "arn:aws:dynamodb:eu-west-1:444455556666:table/orders";
    String role = "arn:aws:iam::111122223333:role/ddb-backup";

    assertThat(Quotas.accountOf(new TableTarget(tableArn, null, role))).isEqualTo("111122223333");
    assertThat(Quotas.accountOf(new TableTarget(tableArn, null, null))).isEqualTo("444455556666");
    assertThat(Quotas.accountOf(new TableTarget("orders", null, null))).isEqualTo("default");
  }

  @Test
  void aCallerWithAWaitLimitIsRefusedWithoutBookingAndToldWhenToReturn() throws Exception {
    // a bucket of five makes the arithmetic readable; the wait limit works the same with one
    RateLimiter limiter =
        new RateLimiter(
            5,
            5,
            now::get,
            nanos -> {
              sleeps.add(nanos);
              now.addAndGet(nanos);
            });
    for (int i = 0; i < 10; i++) {
      limiter.reserve(); // five from the burst, five booked over the next second
    }

    RateLimiter.Busy first =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            RateLimiter.Busy.class, () -> limiter.acquire(SECOND / 2));
    RateLimiter.Busy second =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            RateLimiter.Busy.class, () -> limiter.acquire(SECOND / 2));

    // the queue holds a second's worth: come back then, and the next refused one a permit later
    assertThat(first.retryAfterNanos()).isEqualTo(SECOND + SECOND / 5);
    assertThat(second.retryAfterNanos()).isEqualTo(SECOND + 2 * SECOND / 5);
    // nothing was booked: the next caller without a limit waits as if they never asked
    assertThat(limiter.reserve()).isEqualTo(SECOND + SECOND / 5);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aSmallerBurstLeavesAwsAPermitOfHeadroom() throws Exception {
    RateLimiter limiter =
        new RateLimiter(
            5,
            4,
            now::get,
            nanos -> {
              sleeps.add(nanos);
              now.addAndGet(nanos);
            });

    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }

    // AWS's bucket holds 5: ours lets 4 through at once and books the fifth at the rate
    assertThat(sleeps).containsExactly(SECOND / 5);
  }
}
