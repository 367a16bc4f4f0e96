package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.FailureText;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One DynamoDB client per (region, role), built on first use and kept: clients hold connection
 * pools and, for a role, cached STS credentials that would be wasted on every reconcile. Endpoints
 * are never set here; the SDK reads AWS_ENDPOINT_URL(_DYNAMODB|_STS) and aws.endpointUrl* itself,
 * which is how tests and emulators redirect it.
 */
final class DynamoDbClients implements AutoCloseable {

  private record Key(Region region, String roleArn) {}

  private record Entry(
      DynamoDbClient dynamoDb,
      DynamoDbClient oneAttempt,
      AwsCredentialsProvider credentials,
      List<AutoCloseable> owned) {}

  private final StoreSettings settings;
  private final AwsCredentialsProvider baseCredentials;
  private final Map<Key, Entry> clients = new ConcurrentHashMap<>();
  private volatile Region operatorRegion;
  private final TaggingApi tagging = new TaggingApi(this);

  DynamoDbClients(StoreSettings settings, AwsCredentialsProvider baseCredentials) {
    this.settings = settings;
    this.baseCredentials = baseCredentials;
  }

  DynamoDbClient forTarget(TableTarget target) {
    Region region = regionOf(target);
    return clients.computeIfAbsent(new Key(region, target.roleArn()), this::build).dynamoDb();
  }

  /**
   * The client for CreateBackup and the restores: it never retries. After a 5xx, a timeout or a
   * broken connection the backup (or table) may exist, and a blind retry makes a second backup of
   * the same name (CreateBackup has no idempotency token) or fails a restore whose table the first
   * attempt made; the reconcilers instead look the name up and adopt it. Refusals (throttling,
   * limit exceeded) are retried with a new permit by quota.QuotaGate. (A strategy with our own
   * retry conditions is not enough: the SDK adds its own to any strategy a client is given.)
   */
  DynamoDbClient forOneAttempt(TableTarget target) {
    Region region = regionOf(target);
    return clients.computeIfAbsent(new Key(region, target.roleArn()), this::build).oneAttempt();
  }

  /**
   * The credentials calls for {@code target} are made with: the operator's own, or spec.roleArn's
   * assumed with them and kept fresh. Other services' clients (S3) share them, so a role is assumed
   * once per region whatever service it is used for.
   */
  AwsCredentialsProvider credentials(TableTarget target) {
    Region region = regionOf(target);
    return clients.computeIfAbsent(new Key(region, target.roleArn()), this::build).credentials();
  }

  /** The Resource Groups Tagging API, with these clients' credentials and settings. */
  TaggingApi tagging() {
    return tagging;
  }

  /** spec.region, else the region in a table ARN, else the operator's own. */
  Region regionOf(TableTarget target) {
    if (target.region() != null && !target.region().isBlank()) {
      return Region.of(target.region());
    }
    return TableArn.parse(target.table())
        .map(arn -> Region.of(arn.region()))
        .orElseGet(this::operatorRegion);
  }

  /** Where a call for {@code target} goes and as whom, for its failure's message. */
  AwsFailures.Where where(TableTarget target) {
    return new AwsFailures.Where(target.table(), regionOf(target).id(), target.roleArn());
  }

  private Region operatorRegion() {
    Region region = operatorRegion;
    if (region == null) {
      try {
        region =
            settings.defaultRegion() != null
                ? Region.of(settings.defaultRegion())
                : new DefaultAwsRegionProviderChain().getRegion();
      } catch (SdkException e) {
        throw new BackupStoreException(Failure.INVALID_REQUEST, null, FailureText.noRegion(), null);
      }
      operatorRegion = region;
    }
    return region;
  }

  private Entry build(Key key) {
    ClientOverrideConfiguration overrides = overrides();
    List<AutoCloseable> owned = new ArrayList<>();
    AwsCredentialsProvider credentials =
        key.roleArn() == null ? baseCredentials : assumedRole(key, overrides, owned);
    DynamoDbClient dynamoDb = dynamoDb(key, credentials, overrides);
    DynamoDbClient oneAttempt =
        dynamoDb(
            key,
            credentials,
            overrides.toBuilder()
                .retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build())
                .build());
    owned.add(0, oneAttempt);
    owned.add(0, dynamoDb);
    return new Entry(dynamoDb, oneAttempt, credentials, owned);
  }

  /** Credentials of {@code key.roleArn()}, assumed with the base credentials and kept fresh. */
  private AwsCredentialsProvider assumedRole(
      Key key, ClientOverrideConfiguration overrides, List<AutoCloseable> owned) {
    StsClient sts =
        StsClient.builder()
            .region(key.region())
            .credentialsProvider(baseCredentials)
            .httpClientBuilder(httpClient())
            .overrideConfiguration(overrides)
            .build();
    StsAssumeRoleCredentialsProvider assumed =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(
                r -> r.roleArn(key.roleArn()).roleSessionName(settings.roleSessionName()))
            .build();
    owned.add(assumed);
    owned.add(sts);
    return assumed;
  }

  private DynamoDbClient dynamoDb(
      Key key, AwsCredentialsProvider credentials, ClientOverrideConfiguration overrides) {
    return DynamoDbClient.builder()
        .region(key.region())
        .credentialsProvider(credentials)
        .httpClientBuilder(httpClient())
        .overrideConfiguration(overrides)
        .build();
  }

  ApacheHttpClient.Builder httpClient() {
    return ApacheHttpClient.builder()
        .connectionTimeout(settings.timeouts().attempt())
        .socketTimeout(settings.timeouts().attempt());
  }

  ClientOverrideConfiguration overrides() {
    return ClientOverrideConfiguration.builder()
        .addExecutionInterceptor(new LeaderOnlyWrites(settings.leadership()))
        .retryStrategy(retryStrategy())
        .apiCallTimeout(settings.timeouts().apiCall())
        .apiCallAttemptTimeout(settings.timeouts().attempt())
        .build();
  }

  /**
   * The SDK's standard strategy (throttling, 5xx and I/O errors only), with our attempts and
   * backoff spelled out instead of DynamoDB's client defaults. Backoff is exponential with full
   * jitter so that schedules failing together do not retry together.
   */
  RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(settings.retries().maxAttempts())
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(
                settings.retries().baseDelay(), settings.retries().maxBackoff()))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(
                settings.retries().throttledBaseDelay(), settings.retries().maxBackoff()))
        .build();
  }

  @Override
  public void close() {
    for (Entry entry : clients.values()) {
      for (AutoCloseable closeable : entry.owned()) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing a connection pool at shutdown: nothing useful to do about a failure
        }
      }
    }
    clients.clear();
    tagging.close();
  }
}
