package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.restore.RestoreMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Restores by outcome and the measured time to restore, per namespace: what a recovery time
 * objective is checked against. Labelled by namespace, not by resource: restores come and go.
 */
final class MicrometerRestoreMetrics implements RestoreMetrics {

  private final MeterRegistry registry;

  MicrometerRestoreMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void finished(String namespace, String outcome, Duration duration) {
    Counter.builder("ddbbackup.restores")
        .description("Restores that ended, by outcome (Completed, Failed)")
        .tag("namespace", namespace)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    if (duration != null) {
      Timer.builder("ddbbackup.restore.duration")
          .description("Measured time from the restore call to the table seen ACTIVE")
          .tag("namespace", namespace)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofSeconds(1))
          .maximumExpectedValue(Duration.ofHours(12))
          .register(registry)
          .record(duration);
    }
  }

  @Override
  public void fromExport(String namespace, Duration duration, long itemsReplayed) {
    Timer.builder("ddbbackup.restore.from.export.duration")
        .description(
            "Measured time of a restore from the export chain: the import of its base and the"
                + " replay of its incremental exports")
        .tag("namespace", namespace)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofHours(24))
        .register(registry)
        .record(duration);
    Counter.builder("ddbbackup.restore.replayed.items")
        .description("Changed items of incremental exports replayed into restored tables")
        .tag("namespace", namespace)
        .register(registry)
        .increment(itemsReplayed);
  }
}
