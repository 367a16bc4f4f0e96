package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * The real {@link BackupStore}: DynamoDB through the AWS SDK v2, with the SDK's default credentials
 * chain (IRSA, Pod Identity, keys), an optional AssumeRole per target and SDK retries for transient
 * errors. The operator runs it behind its client-side rate limits ({@link DynamoDb}).
 */
public final class DynamoDbBackupStore implements BackupStore {

  private final DynamoDbClients clients;
  private final AutoCloseable owned;

  /** Given base credentials (which the caller closes); a target's roleArn is assumed with them. */
  public DynamoDbBackupStore(StoreSettings settings, AwsCredentialsProvider baseCredentials) {
    this(new DynamoDbClients(settings, baseCredentials));
  }

  private DynamoDbBackupStore(DynamoDbClients own) {
    this(own, own);
  }

  /** Over clients shared with other stores; {@code owned} is closed with this store, if any. */
  DynamoDbBackupStore(DynamoDbClients clients, AutoCloseable owned) {
    this.clients = clients;
    this.owned = owned;
  }

  /** As the operator runs it (the SDK's default credentials chain), behind the rate limits. */
  public static BackupStore withQuotas(StoreSettings settings) {
    return DynamoDb.connect(settings).backups();
  }

  /** Given base credentials (which the caller closes), behind the rate limits. */
  public static BackupStore withQuotas(
      StoreSettings settings, AwsCredentialsProvider baseCredentials) {
    return DynamoDb.connect(settings, baseCredentials).backups();
  }

  /** The region a call for {@code target} goes to: spec.region, the ARN's, else the operator's. */
  public String regionOf(TableTarget target) {
    return clients.regionOf(target).id();
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    // one attempt on a client that never retries: see DynamoDbClients.forOneAttempt
    var response =
        call(
            Operation.CREATE,
            target,
            clients.forOneAttempt(target),
            c -> c.createBackup(b -> b.tableName(target.table()).backupName(backupName)));
    return BackupRecords.fromDetails(response.backupDetails(), TableArn.nameOf(target.table()));
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    BackupDescription description =
        call(
                Operation.DESCRIBE,
                target,
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
        call(Operation.LIST, target, clients.forTarget(target), c -> c.listBackups(request));
    return new Page(
        page.backupSummaries().stream().map(BackupRecords::fromSummary).toList(),
        page.lastEvaluatedBackupArn());
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    call(
        Operation.DELETE,
        target,
        clients.forTarget(target),
        c -> c.deleteBackup(b -> b.backupArn(backupArn)));
  }

  private <T> T call(
      Operation op,
      TableTarget target,
      DynamoDbClient client,
      Function<DynamoDbClient, T> request) {
    return AwsFailures.call(op, clients.where(target), client, request);
  }

  @Override
  public void close() {
    DynamoDb.closeQuietly(owned);
  }
}
