package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.WrappedExportStore;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.policy.WrappedTableCatalog;
import io.ddbbackup.operator.quota.BucketBudget;
import io.ddbbackup.operator.quota.QuotaGate;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.replay.ReplaySource;
import io.ddbbackup.operator.replay.ReplayTable;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.WrappedTableStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * DynamoDB as the operator reaches it: one set of SDK clients per region and role, the two ports
 * over them, every call behind the client-side quotas ({@link QuotaGate}).
 */
public final class DynamoDb implements AutoCloseable {

  private final DynamoDbClients clients;
  private final AutoCloseable ownedCredentials;
  private final QuotaGate quotas;

  private DynamoDb(
      StoreSettings settings, AwsCredentialsProvider credentials, AutoCloseable ownedCredentials) {
    this.clients = new DynamoDbClients(settings, credentials);
    this.ownedCredentials = ownedCredentials;
    this.quotas =
        new QuotaGate(
            new Quotas(settings.ratesPerSecond()),
            target -> clients.regionOf(target).id(),
            new QuotaGate.RefusalRetry(
                settings.retries().maxAttempts(),
                settings.retries().throttledBaseDelay(),
                settings.retries().maxBackoff()));
  }

  /** The SDK's default credentials chain (IRSA, Pod Identity, keys), owned and closed here. */
  public static DynamoDb connect(StoreSettings settings) {
    DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
    return new DynamoDb(settings, chain, chain);
  }

  /** Given base credentials, which the caller closes. */
  public static DynamoDb connect(StoreSettings settings, AwsCredentialsProvider credentials) {
    return new DynamoDb(settings, credentials, null);
  }

  /** The backup port; closing it closes these clients. */
  public BackupStore backups() {
    return new WrappedBackupStore(new DynamoDbBackupStore(clients, this), quotas);
  }

  /** The table port; closing it closes these clients. */
  public TableStore tables() {
    return new WrappedTableStore(new DynamoDbTableStore(clients, this), quotas);
  }

  /** The export port; closing it closes these clients. */
  public ExportStore exports() {
    return new WrappedExportStore(new DynamoDbExportStore(clients, this), quotas);
  }

  /**
   * The export bucket (S3), reached with the same credentials, region and client settings as
   * DynamoDB. Its calls pass no DynamoDB quota; each bucket has a budget of its own ({@link
   * BucketBudget}). Closing it closes its S3 clients.
   */
  public ExportBucket exportBucket() {
    return new S3ExportBucket(
        new S3Clients(clients), clients, new BucketBudget(BucketBudget.DEFAULT_RATE));
  }

  /**
   * The one table the replay command writes ({@code target}: its name, region and role), with the
   * client settings of every other port; closing these clients closes it.
   */
  public ReplayTable replayTable(TableTarget target) {
    return new DynamoDbReplayTable(clients, target);
  }

  /**
   * An export's objects in {@code bucket} (of account {@code bucketOwner}, when not null), read
   * with the credentials of {@code as}; the caller closes it.
   */
  public ReplaySource replaySource(TableTarget as, String bucket, String bucketOwner) {
    S3Clients s3 = new S3Clients(clients);
    return new S3ReplaySource(s3, s3.forTarget(as), bucket, bucketOwner);
  }

  /** The table catalog a backup policy discovers tables through; closing these clients is ours. */
  public TableCatalog catalog() {
    return new WrappedTableCatalog(new DynamoDbTableCatalog(clients), quotas);
  }

  @Override
  public void close() {
    clients.close();
    closeQuietly(ownedCredentials);
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // shutting down; a failure to stop a connection pool or credentials refresher changes nothing
    }
  }
}
