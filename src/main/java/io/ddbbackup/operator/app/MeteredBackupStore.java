package io.ddbbackup.operator.app;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Times every AWS call by operation and outcome and counts throttling, so a slow or throttled
 * DynamoDB shows on a dashboard before it shows as missed backups.
 */
final class MeteredBackupStore implements BackupStore {

  private final BackupStore delegate;
  private final MeterRegistry registry;

  MeteredBackupStore(BackupStore delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    return timed(Operation.CREATE, () -> delegate.create(target, backupName));
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    return timed(Operation.DESCRIBE, () -> delegate.describe(target, backupArn));
  }

  @Override
  public Page listPage(TableTarget target, Instant from, Instant toExclusive, String start) {
    return timed(Operation.LIST, () -> delegate.listPage(target, from, toExclusive, start));
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    timed(
        Operation.DELETE,
        () -> {
          delegate.delete(target, backupArn);
          return null;
        });
  }

  @Override
  public void close() {
    delegate.close();
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
