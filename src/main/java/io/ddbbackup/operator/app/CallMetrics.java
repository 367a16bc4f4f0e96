package io.ddbbackup.operator.app;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.CallWrapper;
import io.ddbbackup.operator.backup.TableTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Times every AWS call by operation and outcome and counts throttling, so a slow or throttled
 * DynamoDB shows on a dashboard before it shows as missed backups.
 */
final class CallMetrics implements CallWrapper {

  private final MeterRegistry registry;

  CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <T> T around(Operation op, TableTarget target, Supplier<T> call) {
    return timed(op, call);
  }

  private <T> T timed(Operation op, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = "success";
    try {
      return call.get();
    } catch (BackupStoreException e) {
      outcome = e.failure().name();
      if (e.failure() == Failure.THROTTLED || e.failure() == Failure.LIMIT_EXCEEDED) {
        Counter.builder("ddbbackup.aws.throttled")
            .description("AWS calls that failed throttled after the SDK's retries")
            .tag("operation", op.awsName())
            .register(registry)
            .increment();
      }
      throw e;
    } finally {
      Timer.builder("ddbbackup.aws.call.duration")
          .description("AWS call latency, rate-limit wait and SDK retries included")
          .tag("operation", op.awsName())
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
