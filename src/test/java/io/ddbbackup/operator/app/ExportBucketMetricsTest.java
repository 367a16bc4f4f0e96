package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.WrappedExportBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every S3 call on an export bucket shows in the same per-operation call metrics as DynamoDB's. */
class ExportBucketMetricsTest {

  private static final TableTarget AS = new TableTarget("orders", null, null);

  /** A bucket of two record keys, without Object Lock, whose versioning read is denied. */
  private static final class TwoRecordBucket implements ExportBucket {
    @Override
    public void writeRecord(TableTarget as, ExportDestination d, ExportRecord r) {}

    @Override
    public ChainPage listChain(TableTarget as, ChainLocation location, String token) {
      return new ChainPage(List.of("k1", "k2"), null);
    }

    @Override
    public ExportRecord readRecord(TableTarget as, ChainLocation location, String key) {
      return null;
    }

    @Override
    public BucketProtections.Versioning versioning(TableTarget as, String b, String o) {
      throw new BackupStoreException(Failure.ACCESS_DENIED, "AccessDenied", "denied", null);
    }

    @Override
    public BucketProtections.ObjectLock objectLock(TableTarget as, String b, String o) {
      return BucketProtections.ObjectLock.NONE;
    }
  }

  @Test
  void eachListGetAndFailedReadIsTimedUnderItsS3OperationAndOutcome() {
    var registry = new SimpleMeterRegistry();
    ExportBucket bucket = new WrappedExportBucket(new TwoRecordBucket(), new CallMetrics(registry));

    bucket.readChain(AS, new ChainLocation("vault", null, "p"));
    assertThatThrownBy(() -> bucket.versioning(AS, "vault", null));

    assertThat(count(registry, "ListObjectsV2", "success")).isEqualTo(1);
    assertThat(count(registry, "GetObject", "success")).isEqualTo(2);
    assertThat(count(registry, "GetBucketVersioning", "ACCESS_DENIED")).isEqualTo(1);
  }

  private static long count(SimpleMeterRegistry registry, String operation, String outcome) {
    var timer =
        registry
            .find("ddbbackup.aws.call.duration")
            .tag("operation", operation)
            .tag("outcome", outcome)
            .timer();
    return timer == null ? 0 : timer.count();
  }
}
