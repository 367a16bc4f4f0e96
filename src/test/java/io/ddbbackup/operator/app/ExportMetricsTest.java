package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics.Key;
import io.ddbbackup.operator.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The export series: the off-site point's age computed when scraped, counts by kind and result. */
class ExportMetricsTest {

  static final Key ORDERS = new Key("shop", "orders", "orders");
  static final Instant SINCE = Instant.parse("2026-02-01T00:00:00Z");

  final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final MicrometerScheduleMetrics metrics =
      new MicrometerScheduleMetrics(registry, clock, Duration.ofMinutes(30));

  private String series(String name) {
    return registry.scrape().lines().filter(l -> l.startsWith(name + "{")).findFirst().orElse("");
  }

  @Test
  void theOffsitePointAgesBetweenReconciles() {
    metrics.offsitePoint(ORDERS, Instant.parse("2026-02-01T09:00:00Z"), SINCE, Duration.ofHours(2));

    assertThat(series("ddbbackup_offsite_point_age_seconds"))
        .contains("namespace=\"shop\"", "name=\"orders\"", "table=\"orders\"")
        .endsWith(" 3600.0");
    assertThat(series("ddbbackup_offsite_point_age_limit_seconds")).endsWith(" 7200.0");

    clock.set(Instant.parse("2026-02-01T12:30:00Z")); // nothing reconciled meanwhile
    assertThat(series("ddbbackup_offsite_point_age_seconds")).endsWith(" 12600.0");
  }

  @Test
  void beforeTheFirstExportTheAgeCountsFromWhenExportingBegan() {
    metrics.offsitePoint(ORDERS, null, SINCE, Duration.ofHours(2));
    assertThat(series("ddbbackup_offsite_point_age_seconds")).endsWith(" 36000.0");
  }

  @Test
  void aScheduleThatStopsExportingReadsNaN() {
    metrics.offsitePoint(ORDERS, SINCE, SINCE, Duration.ofHours(2));
    metrics.offsitePoint(ORDERS, null, null, null);
    assertThat(series("ddbbackup_offsite_point_age_seconds")).endsWith(" NaN");
    assertThat(series("ddbbackup_offsite_point_age_limit_seconds")).endsWith(" NaN");
  }

  @Test
  void exportsAreCountedByKindAndResultWithTheirBilledBytes() {
    metrics.exportFinished(ORDERS, ExportKind.FULL, "Completed", 1_000_000L);
    metrics.exportFinished(ORDERS, ExportKind.INCREMENTAL, "Completed", 2_000L);
    metrics.exportFinished(ORDERS, ExportKind.INCREMENTAL, "Completed", 3_000L);
    metrics.exportFinished(ORDERS, ExportKind.INCREMENTAL, "Failed", null);
    metrics.exportGap(ORDERS);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "ddbbackup_exports_total{kind=\"INCREMENTAL\",name=\"orders\",namespace=\"shop\","
                + "result=\"Completed\",table=\"orders\"} 2.0")
        .contains(
            "ddbbackup_exports_total{kind=\"INCREMENTAL\",name=\"orders\",namespace=\"shop\","
                + "result=\"Failed\",table=\"orders\"} 1.0")
        .contains(
            "ddbbackup_export_billed_bytes_total{kind=\"INCREMENTAL\",name=\"orders\","
                + "namespace=\"shop\",table=\"orders\"} 5000.0")
        .contains(
            "ddbbackup_export_billed_bytes_total{kind=\"FULL\",name=\"orders\","
                + "namespace=\"shop\",table=\"orders\"} 1000000.0");
    assertThat(series("ddbbackup_export_gaps_total")).endsWith(" 1.0");
  }
}
