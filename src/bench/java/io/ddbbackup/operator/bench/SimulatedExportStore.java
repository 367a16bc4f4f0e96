package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainKeys;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportRequest;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.WrappedExportBucket;
import io.ddbbackup.operator.export.WrappedExportStore;
import io.ddbbackup.operator.quota.QuotaGate;
import io.ddbbackup.operator.quota.Quotas;
import java.time.Duration;
import java.util.List;

/**
 * The operator's side of {@link SimulatedExports}: the export port and the bucket port, one wire
 * call per method as the production adapters ({@code DynamoDbExportStore}, {@code S3ExportBucket}),
 * behind the production quota gate as {@code DynamoDb.connect} puts them.
 */
final class SimulatedExportStore implements ExportStore {

  private final SimulatedExports aws;

  private SimulatedExportStore(SimulatedExports aws) {
    this.aws = aws;
  }

  static ExportStore limited(SimulatedExports aws, Quotas quotas) {
    return new WrappedExportStore(new SimulatedExportStore(aws), gate(quotas));
  }

  static ExportBucket bucket(SimulatedExports aws, Quotas quotas) {
    return new WrappedExportBucket(new Bucket(aws), gate(quotas));
  }

  private static QuotaGate gate(Quotas quotas) {
    return new QuotaGate(
        quotas,
        t -> t.region() == null ? SimulatedDynamoDb.REGION : t.region(),
        new QuotaGate.RefusalRetry(5, Duration.ofMillis(500), Duration.ofSeconds(20)));
  }

  @Override
  public Export start(TableTarget target, ExportRequest request) {
    return aws.start(SimulatedDynamoDb.ACCOUNT, SimulatedDynamoDb.REGION, request);
  }

  @Override
  public Export describe(TableTarget target, String exportArn) {
    return aws.describe(exportArn);
  }

  @Override
  public Page listPage(TableTarget target, String tableArn, String nextToken) {
    int page = nextToken == null ? 0 : Integer.parseInt(nextToken);
    List<Export> exports = aws.listExports(tableArn, page);
    return new Page(exports, exports.size() < 25 ? null : Integer.toString(page + 1));
  }

  /** The bucket: records by key, versioning on, Object Lock in compliance mode for 30 days. */
  private record Bucket(SimulatedExports aws) implements ExportBucket {

    @Override
    public void writeRecord(TableTarget as, ExportDestination destination, ExportRecord record) {
      aws.putRecord(record.key(), record);
    }

    @Override
    public ChainPage listChain(TableTarget as, ChainLocation location, String continuationToken) {
      return new ChainPage(aws.listKeys(ChainKeys.chainFolder(location.prefix())), null);
    }

    @Override
    public ExportRecord readRecord(TableTarget as, ChainLocation location, String key) {
      return aws.getRecord(key);
    }

    @Override
    public BucketProtections.Versioning versioning(
        TableTarget as, String bucket, String bucketOwner) {
      return aws.versioning();
    }

    @Override
    public BucketProtections.ObjectLock objectLock(
        TableTarget as, String bucket, String bucketOwner) {
      return aws.objectLock();
    }
  }
}
