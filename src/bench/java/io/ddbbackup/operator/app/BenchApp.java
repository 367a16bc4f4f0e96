package io.ddbbackup.operator.app;

import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.WrappedExportBucket;
import io.ddbbackup.operator.export.WrappedExportStore;
import io.ddbbackup.operator.backup.WrappedBackupStore;

import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.policy.WrappedTableCatalog;
import io.ddbbackup.operator.reconciler.policy.PolicyMetrics;
import io.ddbbackup.operator.reconciler.schedule.ScheduleMetrics;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.WrappedTableStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** The app's package-private wiring pieces, for the in-process benchmark to build what Main does. */
public final class BenchApp {

  private BenchApp() {}

  public static BackupStore metered(BackupStore store, MeterRegistry registry) {
    return new WrappedBackupStore(store, new CallMetrics(registry));
  }

  public static TableStore metered(TableStore tables, MeterRegistry registry) {
    return new WrappedTableStore(tables, new CallMetrics(registry));
  }

  public static TableCatalog metered(TableCatalog catalog, MeterRegistry registry) {
    return new WrappedTableCatalog(catalog, new CallMetrics(registry));
  }

  public static PolicyMetrics policyMetrics(MeterRegistry registry) {
    return new MicrometerPolicyMetrics(registry);
  }

  public static ExportStore metered(ExportStore exports, MeterRegistry registry) {
    return new WrappedExportStore(exports, new CallMetrics(registry));
  }

  public static ExportBucket metered(ExportBucket bucket, MeterRegistry registry) {
    return new WrappedExportBucket(bucket, new CallMetrics(registry));
  }

  public static ScheduleMetrics scheduleMetrics(MeterRegistry registry, Clock clock) {
    return new MicrometerScheduleMetrics(registry, clock, Duration.ofMinutes(15));
  }
}
