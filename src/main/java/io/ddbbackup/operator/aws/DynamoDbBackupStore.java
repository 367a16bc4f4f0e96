package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.aws.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.Backup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * chain (IRSA, Pod Identity, keys), an optional AssumeRole per target, SDK retries for transient
 * errors, and client-side rate limits shared by every schedule.
 */
public final class DynamoDbBackupStore implements BackupStore, AutoCloseable {

  private final StoreSettings settings;
  private final DynamoDbClients clients;
  private final Quotas quotas;
  private final AutoCloseable ownedCredentials;

  /** Production: default settings and the SDK's default credentials chain. */
  public DynamoDbBackupStore() {
    this(StoreSettings.defaults());
  }

  /** The SDK's default credentials chain with these settings. */
  public DynamoDbBackupStore(StoreSettings settings) {
    this(settings, DefaultCredentialsProvider.builder().build(), true);
  }

  /** Given base credentials (which the caller closes); a target's roleArn is assumed with them. */
  public DynamoDbBackupStore(StoreSettings settings, AwsCredentialsProvider baseCredentials) {
    this(settings, baseCredentials, false);
  }

  private DynamoDbBackupStore(
      StoreSettings settings, AwsCredentialsProvider baseCredentials, boolean ownsCredentials) {
    this.settings = settings;
    this.clients = new DynamoDbClients(settings, baseCredentials);
    this.quotas = new Quotas(settings.ratesPerSecond());
    this.ownedCredentials =
        ownsCredentials && baseCredentials instanceof AutoCloseable c ? c : null;
  }

  @Override
  public Backup create(TableTarget target, String backupName) {
    // No idempotency token exists for CreateBackup: a retried call can make a second backup.
    // So only refusals, which had no effect, are retried here (each with a new permit); after
    // any other failure the reconciler looks the name up and adopts what it finds.
    for (int attempt = 1; ; attempt++) {
      try {
        var response =
            call(
                target,
                Operation.CREATE,
                c -> c.createBackup(b -> b.tableName(target.table()).backupName(backupName)));
        return BackupRecords.fromDetails(response.backupDetails(), tableNameOf(target));
      } catch (BackupStoreException e) {
        boolean refused = e.failure() == Failure.THROTTLED || e.failure() == Failure.LIMIT_EXCEEDED;
        if (!refused || attempt >= settings.maxAttempts()) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** Exponential backoff with full jitter, as the SDK's throttling backoff. */
  private void pause(int attempt) {
    long cap =
        Math.min(
            settings.maxBackoff().toMillis(),
            settings.throttledBaseDelay().toMillis() << Math.min(attempt - 1, 20));
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, "CreateBackup interrupted while backing off", e);
    }
  }

  @Override
  public Backup describe(TableTarget target, String backupArn) {
    BackupDescription description =
        call(target, Operation.DESCRIBE, c -> c.describeBackup(b -> b.backupArn(backupArn)))
            .backupDescription();
    String table =
        description.sourceTableDetails() != null
            ? description.sourceTableDetails().tableName()
            : tableNameOf(target);
    return BackupRecords.fromDetails(description.backupDetails(), table);
  }

  @Override
  public List<Backup> list(TableTarget target, Instant from, Instant to) {
    // TimeRangeUpperBound is exclusive and the port's range is closed, so ask for one second
    // more and cut exactly here.
    Instant upper = to == null ? null : to.plusSeconds(1);
    List<Backup> backups = new ArrayList<>();
    String start = null;
    do {
      ListBackupsRequest request =
          ListBackupsRequest.builder()
              .tableName(target.table())
              .backupType(BackupTypeFilter.USER)
              .timeRangeLowerBound(from)
              .timeRangeUpperBound(upper)
              .exclusiveStartBackupArn(start)
              .build();
      // our own loop rather than the paginator: every page is a ListBackups call and must take
      // its own permit from the 5/s quota
      ListBackupsResponse page = call(target, Operation.LIST, c -> c.listBackups(request));
      page.backupSummaries().forEach(s -> backups.add(BackupRecords.fromSummary(s)));
      String next = page.lastEvaluatedBackupArn();
      if (next != null && next.equals(start)) {
        throw new BackupStoreException(
            Failure.UNAVAILABLE, null, "ListBackups returned the same page marker twice", null);
      }
      start = next;
    } while (start != null);
    return backups.stream()
        .filter(b -> from == null || !b.createdAt().isBefore(from))
        .filter(b -> to == null || !b.createdAt().isAfter(to))
        .sorted(Comparator.comparing(Backup::createdAt))
        .toList();
  }

  @Override
  public void delete(TableTarget target, String backupArn) {
    call(target, Operation.DELETE, c -> c.deleteBackup(b -> b.backupArn(backupArn)));
  }

  private <T> T call(TableTarget target, Operation op, Function<DynamoDbClient, T> request) {
    DynamoDbClient client =
        op == Operation.CREATE ? clients.forCreate(target) : clients.forTarget(target);
    String region = clients.regionOf(target).id();
    try {
      Quotas.Key key = new Quotas.Key(Quotas.accountOf(target), region, op);
      if (op == Operation.CREATE) {
        // a slot's punctuality depends on it: CreateBackup waits its turn
        quotas.acquire(key);
      } else {
        quotas.acquire(key, Quotas.LONGEST_WAIT_IN_A_RECONCILE);
      }
    } catch (RateLimiter.Busy e) {
      throw BackupStoreException.queued(op.awsName(), Duration.ofNanos(e.retryAfterNanos()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupStoreException(
          Failure.UNAVAILABLE, null, op.awsName() + " interrupted waiting for the rate limit", e);
    }
    try {
      return request.apply(client);
    } catch (SdkException e) {
      throw AwsFailures.map(op, e);
    }
  }

  private static String tableNameOf(TableTarget target) {
    return TableArn.parse(target.table()).map(TableArn::tableName).orElse(target.table());
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
