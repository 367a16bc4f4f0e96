package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.replay.ReplayFailure;
import io.ddbbackup.operator.replay.ReplayFailure.Kind;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An SDK failure of the replay command's calls as a {@link ReplayFailure}: throttling and
 * unavailability are retried in place, a missing table or object is for the caller to judge, the
 * rest is exit 1 with AWS's message scrubbed ({@link AwsFailures#scrub}) and what to check.
 */
final class ReplayFailures {

  private static final Set<String> THROTTLING =
      Set.of(
          "ProvisionedThroughputExceededException",
          "ThrottlingException",
          "RequestLimitExceeded",
          "Throttling",
          "SlowDown",
          "TooManyRequestsException");

  static final String POLICY = "config/iam/replay-policy.json";

  private ReplayFailures() {}

  static ReplayFailure of(String operation, String what, SdkException e) {
    AwsServiceException service = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException s) {
        service = s;
        break;
      }
    }
    if (service == null) {
      String sdk = AwsFailures.scrub(e.getMessage());
      if (sdk.contains("Unable to load credentials")) {
        return new ReplayFailure(
            Kind.NOT_READY,
            operation
                + " on "
                + what
                + ": no AWS credentials (the replay pod's service account needs IRSA or Pod"
                + " Identity, or --role-arn a role it may assume). The SDK said: "
                + sdk);
      }
      return new ReplayFailure(Kind.UNAVAILABLE, operation + " on " + what + " failed: " + sdk);
    }
    String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
    String awsMessage =
        service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
    String text =
        operation
            + " on "
            + what
            + " failed: "
            + (code != null ? code : "HTTP " + service.statusCode())
            + (awsMessage == null || awsMessage.isBlank()
                ? ""
                : ": " + AwsFailures.scrub(awsMessage));
    if ((code != null && THROTTLING.contains(code)) || service.isThrottlingException()) {
      return new ReplayFailure(Kind.THROTTLED, text);
    }
    if (service.statusCode() >= 500) {
      return new ReplayFailure(Kind.UNAVAILABLE, text);
    }
    if (service.statusCode() == 403 || (code != null && code.contains("AccessDenied"))) {
      return new ReplayFailure(
          Kind.NOT_READY,
          text
              + ". The replay's role needs "
              + operation
              + " there ("
              + POLICY
              + ": the table must carry the restore's ddbbackup.io/restore-uid tag)");
    }
    return new ReplayFailure(Kind.NOT_READY, text);
  }

  static boolean isCode(SdkException e, String... codes) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      for (String code : codes) {
        if (code.equals(s.awsErrorDetails().errorCode())) {
          return true;
        }
      }
    }
    return false;
  }
}
