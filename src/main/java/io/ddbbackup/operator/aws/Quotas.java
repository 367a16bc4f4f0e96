package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.aws.BackupStore.Operation;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * DynamoDB's control-plane quotas per account and region, enforced on our side: AWS would answer a
 * burst of a thousand schedules with ThrottlingException, so every schedule shares one limiter per
 * (account, region, operation) and queues instead.
 */
public final class Quotas {

  /** SPEC §2: CreateBackup 50/s, ListBackups 5/s, DescribeBackup and DeleteBackup 10/s. */
  public static Map<Operation, Double> dynamoDbDefaults() {
    Map<Operation, Double> rates = new EnumMap<>(Operation.class);
    rates.put(Operation.CREATE, 50.0);
    rates.put(Operation.LIST, 5.0);
    rates.put(Operation.DESCRIBE, 10.0);
    rates.put(Operation.DELETE, 10.0);
    return rates;
  }

  /** Whose quota a call spends; account is "default" when the operator cannot tell. */
  public record Key(String account, String region, Operation operation) {}

  private final Map<Key, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final Function<Operation, RateLimiter> factory;

  public Quotas(Map<Operation, Double> ratesPerSecond) {
    Map<Operation, Double> rates = new EnumMap<>(ratesPerSecond);
    this.factory = op -> new RateLimiter(rates.get(op));
  }

  /** For tests: limiters built by {@code factory}. */
  Quotas(Function<Operation, RateLimiter> factory) {
    this.factory = factory;
  }

  /** Waits for a permit to call {@code key.operation()} as {@code key.account()}. */
  public void acquire(Key key) throws InterruptedException {
    limiters.computeIfAbsent(key, k -> factory.apply(k.operation())).acquire();
  }

  /** The account whose quota a call to this target spends: the role's, else the table's. */
  public static String accountOf(TableTarget target) {
    if (target.roleArn() != null) {
      // arn:aws:iam::<account>:role/<name>
      String[] parts = target.roleArn().split(":");
      if (parts.length >= 6 && parts[4].matches("\\d{12}")) {
        return parts[4];
      }
    }
    return TableArn.parse(target.table()).map(TableArn::account).orElse("default");
  }
}
