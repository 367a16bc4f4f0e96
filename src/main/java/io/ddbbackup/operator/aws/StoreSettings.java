package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.quota.Quotas;
import java.time.Duration;
import java.util.Map;

/**
 * How {@link DynamoDbBackupStore} talks to AWS. {@link #defaults()} is for production; tests
 * shorten the backoff so retries cost milliseconds.
 *
 * @param maxAttempts attempts per call, first one included, before a transient error is reported
 * @param baseDelay first backoff after a 5xx or connection error (exponential, full jitter)
 * @param throttledBaseDelay first backoff after a throttling error, longer to let the bucket refill
 * @param maxBackoff cap of any single backoff
 * @param apiCallTimeout a whole call, retries included
 * @param apiCallAttemptTimeout one HTTP attempt
 * @param defaultRegion region when the target names none, or null for the SDK's region chain
 * @param roleSessionName RoleSessionName for AssumeRole, visible in CloudTrail
 * @param ratesPerSecond client-side rate limit per account, region and operation
 */
public record StoreSettings(
    int maxAttempts,
    Duration baseDelay,
    Duration throttledBaseDelay,
    Duration maxBackoff,
    Duration apiCallTimeout,
    Duration apiCallAttemptTimeout,
    String defaultRegion,
    String roleSessionName,
    Map<Operation, Double> ratesPerSecond) {

  public StoreSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    ratesPerSecond = Map.copyOf(ratesPerSecond);
  }

  public static StoreSettings defaults() {
    return new StoreSettings(
        5,
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(20),
        Duration.ofSeconds(60),
        Duration.ofSeconds(15),
        null,
        "ddbbackup-operator",
        Quotas.dynamoDbDefaults());
  }

  public StoreSettings withBackoff(Duration base, Duration throttledBase, Duration max) {
    return new StoreSettings(
        maxAttempts,
        base,
        throttledBase,
        max,
        apiCallTimeout,
        apiCallAttemptTimeout,
        defaultRegion,
        roleSessionName,
        ratesPerSecond);
  }

  public StoreSettings withTimeouts(Duration apiCall, Duration attempt) {
    return new StoreSettings(
        maxAttempts,
        baseDelay,
        throttledBaseDelay,
        maxBackoff,
        apiCall,
        attempt,
        defaultRegion,
        roleSessionName,
        ratesPerSecond);
  }

  public StoreSettings withDefaultRegion(String region) {
    return new StoreSettings(
        maxAttempts,
        baseDelay,
        throttledBaseDelay,
        maxBackoff,
        apiCallTimeout,
        apiCallAttemptTimeout,
        region,
        roleSessionName,
        ratesPerSecond);
  }

  public StoreSettings withRatesPerSecond(Map<Operation, Double> rates) {
    return new StoreSettings(
        maxAttempts,
        baseDelay,
        throttledBaseDelay,
        maxBackoff,
        apiCallTimeout,
        apiCallAttemptTimeout,
        defaultRegion,
        roleSessionName,
        rates);
  }
}
