package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.Leadership;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Stops every DynamoDB write that this process may not make because it no longer leads ({@link
 * Leadership}). It runs on every client the operator builds, for every attempt, just before the
 * request is sent: after any wait for a rate-limit permit and before each of the SDK's retries, so
 * no write leaves a replica that lost the Lease while it waited. What is a write is decided by what
 * is not: only calls named as reads pass unasked, so a call added later is guarded from the start.
 */
final class LeaderOnlyWrites implements ExecutionInterceptor {

  /** Name prefixes of the DynamoDB calls that change nothing. */
  private static final Set<String> READS = Set.of("Describe", "List", "Get", "Scan", "Query");

  private final Leadership leadership;

  LeaderOnlyWrites(Leadership leadership) {
    this.leadership = leadership;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (isRead(operation)) {
      return;
    }
    Optional<String> why = leadership.notLeading();
    if (why.isPresent()) {
      String message = operation + " not made: " + why.get();
      // the SDK rebuilds the exception it is given, keeping message and cause but not its class
      throw SdkClientException.builder().message(message).cause(new NotLeading(message)).build();
    }
  }

  static boolean isRead(String operation) {
    return operation != null && READS.stream().anyMatch(operation::startsWith);
  }

  /** The cause of a write refused here; {@link AwsFailures} makes it a NOT_LEADER failure. */
  static final class NotLeading extends RuntimeException {
    NotLeading(String message) {
      super(message, null, false, false);
    }
  }
}
