package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.quota.RateLimitedBackupStore;
import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * The real {@link BackupStore}: DynamoDB through the AWS SDK v2, with the SDK's default credentials
 * chain (IRSA, Pod Identity, keys), an optional AssumeRole per target and SDK retries for transient
 * errors. The operator runs it behind its client-side rate limits: {@link #withQuotas}.
 */
public final class DynamoDbBackupStore implements BackupStore {

  private final DynamoDbClients clients;
  private final AutoCloseable ownedCredentials;

  /** Given base credentials (which the caller closes); a target's roleArn is assumed with them. */
  public DynamoDbBackupStore(StoreSettings settings, AwsCredentialsProvider baseCredentials) {
    this(settings, baseCredentials, false);
  }

  private DynamoDbBackupStore(
      StoreSettings settings, AwsCredentialsProvider baseCredentials, boolean ownsCredentials) {
    this.clients = new DynamoDbClients(settings, baseCredentials);
    this.ownedCredentials =
        ownsCredentials && baseCredentials instanceof AutoCloseable c ? c : null;
  }

  /** As the operator runs it: the SDK's default credentials chain, behind the rate limits. */
  public static BackupStore withQuotas(StoreSettings settings) {
    return withQuotas(
        new DynamoDbBackupStore(settings, DefaultCredentialsProvider.builder().build(), true),
        settings);
  }

  /** Given base credentials (which the caller closes), behind the rate limits. */
  public static BackupStore withQuotas(
      StoreSettings settings, AwsCredentialsProvider baseCredentials) {
    return withQuotas(new DynamoDbBackupStore(settings, baseCredentials), settings);
  }

  private static BackupStore withQuotas(DynamoDbBackupStore store, StoreSettings settings) {
    return new RateLimitedBackupStore(
        store,
        new Quotas(settings.ratesPerSecond()),
        store::regionOf,
        new RateLimitedBackupStore.RefusalRetry(
            settings.retries().maxAttempts(),
            settings.retries().throttledBaseDelay(),
            settings.retries().maxBackoff()));
  }

  /** The region a call for {@code target} goes to: spec.region, the ARN's, else the operator's. */
  public String regionOf(TableTarget target) {
    return clients.regionOf(target).id();
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    // one attempt on a client that never retries: see DynamoDbClients.forCreate
    var response =
        call(
            Operation.CREATE,
            clients.forCreate(target),
            c -> c.createBackup(b -> b.tableName(target.table()).backupName(backupName)));
    return BackupRecords.fromDetails(response.backupDetails(), TableArn.nameOf(target.table()));
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    BackupDescription description =
        call(
                Operation.DESCRIBE,
                clients.forTarget(target),
                c -> c.describeBackup(b -> b.backupArn(backupArn)))
            .backupDescription();
    String table =
        description.sourceTableDetails() != null
            ? description.sourceTableDetails().tableName()
            : TableArn.nameOf(target.table());
    return BackupRecords.fromDetails(description.backupDetails(), table);
  }

  @Override
  public Page listPage(TableTarget target, Instant from, Instant toExclusive, String start) {
    ListBackupsRequest request =
        ListBackupsRequest.builder()
            .tableName(target.table())
            .backupType(BackupTypeFilter.USER)
            .timeRangeLowerBound(from)
            .timeRangeUpperBound(toExclusive)
            .exclusiveStartBackupArn(start)
            .build();
    ListBackupsResponse page =
        call(Operation.LIST, clients.forTarget(target), c -> c.listBackups(request));
    return new Page(
        page.backupSummaries().stream().map(BackupRecords::fromSummary).toList(),
        page.lastEvaluatedBackupArn());
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    call(
        Operation.DELETE,
        clients.forTarget(target),
        c -> c.deleteBackup(b -> b.backupArn(backupArn)));
  }

  private static <T> T call(
      Operation op, DynamoDbClient client, Function<DynamoDbClient, T> request) {
    try {
      return request.apply(client);
    } catch (SdkException e) {
      throw AwsFailures.map(op, e);
    }
  }

  @Override
  public void close() {
    clients.close();
    if (ownedCredentials != null) {
      try {
        ownedCredentials.close();
      } catch (Exception e) {
        // shutting down; a failure to stop a credentials refresher changes nothing
      }
    }
  }
}
