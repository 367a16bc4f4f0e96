package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Restores by outcome and their measured duration, as Prometheus scrapes them. */
class MicrometerRestoreMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerRestoreMetrics metrics = new MicrometerRestoreMetrics(registry);

  @Test
  void restoresAreCountedByOutcomeAndTheirDurationsSummedPerNamespace() {
    metrics.finished("shop", "Completed", Duration.ofSeconds(40));
    metrics.finished("shop", "Completed", Duration.ofSeconds(80));
    metrics.finished("shop", "Failed", null);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("ddbbackup_restores_total{namespace=\"shop\",outcome=\"Completed\"} 2.0")
        .contains("ddbbackup_restores_total{namespace=\"shop\",outcome=\"Failed\"} 1.0")
        .contains("ddbbackup_restore_duration_seconds_count{namespace=\"shop\"} 2")
        .contains("ddbbackup_restore_duration_seconds_sum{namespace=\"shop\"} 120.0");
  }
}
