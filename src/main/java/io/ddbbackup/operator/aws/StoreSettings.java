package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.Leadership;
import io.ddbbackup.operator.quota.Quotas;
import java.time.Duration;
import java.util.Map;

/**
 * How {@link DynamoDbBackupStore} talks to AWS. {@link #defaults()} is for production; tests
 * shorten the backoff so retries cost milliseconds.
 *
 * @param retries how transient errors and refusals are retried
 * @param timeouts how long a call may take
 * @param defaultRegion region when the target names none, or null for the SDK's region chain
 * @param roleSessionName RoleSessionName for AssumeRole, visible in CloudTrail
 * @param ratesPerSecond client-side rate limit per account, region and operation
 * @param leadership asked before every attempt of every AWS write ({@link LeaderOnlyWrites})
 */
public record StoreSettings(
    Retries retries,
    Timeouts timeouts,
    String defaultRegion,
    String roleSessionName,
    Map<Operation, Double> ratesPerSecond,
    Leadership leadership) {

  /**
   * @param maxAttempts attempts per call, first one included, before a transient error is reported
   * @param baseDelay first backoff after a 5xx or connection error (exponential, full jitter)
   * @param throttledBaseDelay first backoff after a throttling error, longer to let the bucket
   *     refill
   * @param maxBackoff cap of any single backoff
   */
  public record Retries(
      int maxAttempts, Duration baseDelay, Duration throttledBaseDelay, Duration maxBackoff) {
    public Retries {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }
  }

  /**
   * @param apiCall a whole call, retries included
   * @param attempt one HTTP attempt
   */
  public record Timeouts(Duration apiCall, Duration attempt) {}

  public StoreSettings {
    ratesPerSecond = Map.copyOf(ratesPerSecond);
  }

  public static StoreSettings defaults() {
    return new StoreSettings(
        new Retries(5, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(20)),
        new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(15)),
        null,
        "ddbbackup-operator",
        Quotas.dynamoDbDefaults(),
        Leadership.ALONE);
  }

  public StoreSettings withBackoff(Duration base, Duration throttledBase, Duration max) {
    Retries faster = new Retries(retries.maxAttempts(), base, throttledBase, max);
    return new StoreSettings(
        faster, timeouts, defaultRegion, roleSessionName, ratesPerSecond, leadership);
  }

  public StoreSettings withTimeouts(Duration apiCall, Duration attempt) {
    Timeouts t = new Timeouts(apiCall, attempt);
    return new StoreSettings(
        retries, t, defaultRegion, roleSessionName, ratesPerSecond, leadership);
  }

  public StoreSettings withDefaultRegion(String region) {
    return new StoreSettings(
        retries, timeouts, region, roleSessionName, ratesPerSecond, leadership);
  }

  /** Writes only while {@code leader} says this process leads. */
  public StoreSettings withLeadership(Leadership leader) {
    return new StoreSettings(
        retries, timeouts, defaultRegion, roleSessionName, ratesPerSecond, leader);
  }
}
