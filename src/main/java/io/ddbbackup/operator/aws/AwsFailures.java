package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Turns SDK exceptions into {@link BackupStoreException}s by AWS error code. Messages name the
 * operation, the code and AWS's message, scrubbed of anything that could authenticate a request.
 */
final class AwsFailures {

  private static final Map<String, Failure> BY_CODE =
      Map.ofEntries(
          Map.entry("TableNotFoundException", Failure.TABLE_NOT_FOUND),
          Map.entry("ResourceNotFoundException", Failure.TABLE_NOT_FOUND),
          Map.entry("SourceTableNotFoundException", Failure.TABLE_NOT_FOUND),
          Map.entry("AccessDeniedException", Failure.ACCESS_DENIED),
          Map.entry("UnrecognizedClientException", Failure.ACCESS_DENIED),
          Map.entry("ExpiredTokenException", Failure.ACCESS_DENIED),
          Map.entry("InvalidSignatureException", Failure.ACCESS_DENIED),
          Map.entry("MissingAuthenticationTokenException", Failure.ACCESS_DENIED),
          Map.entry("IncompleteSignatureException", Failure.ACCESS_DENIED),
          // STS, when AssumeRole or AssumeRoleWithWebIdentity is refused
          Map.entry("AccessDenied", Failure.ACCESS_DENIED),
          Map.entry("InvalidIdentityToken", Failure.ACCESS_DENIED),
          Map.entry("ExpiredToken", Failure.ACCESS_DENIED),
          Map.entry("IDPRejectedClaim", Failure.ACCESS_DENIED),
          Map.entry("RegionDisabledException", Failure.ACCESS_DENIED),
          Map.entry("ThrottlingException", Failure.THROTTLED),
          Map.entry("Throttling", Failure.THROTTLED),
          Map.entry("ProvisionedThroughputExceededException", Failure.THROTTLED),
          Map.entry("RequestLimitExceeded", Failure.THROTTLED),
          Map.entry("LimitExceededException", Failure.LIMIT_EXCEEDED),
          Map.entry("BackupInUseException", Failure.BACKUP_IN_USE),
          Map.entry("BackupNotFoundException", Failure.BACKUP_NOT_FOUND),
          Map.entry("TableAlreadyExistsException", Failure.TABLE_ALREADY_EXISTS),
          Map.entry("TableInUseException", Failure.TABLE_IN_USE),
          Map.entry("ResourceInUseException", Failure.TABLE_IN_USE),
          Map.entry("InvalidRestoreTimeException", Failure.INVALID_RESTORE_TIME),
          Map.entry(
              "PointInTimeRecoveryUnavailableException",
              Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE),
          Map.entry(
              "ContinuousBackupsUnavailableException", Failure.CONTINUOUS_BACKUPS_UNAVAILABLE),
          Map.entry("ValidationException", Failure.INVALID_REQUEST));

  private static final int MAX_MESSAGE = 400;

  // AWS echoes the canonical request (with the session token) after a signature mismatch
  private static final Pattern ECHOED_REQUEST =
      Pattern.compile("(?s)\\s*The (Canonical String|String-to-Sign) for this request.*");
  private static final Pattern SIGNED_URL = Pattern.compile("https?://\\S*[?&]X-Amz-\\S*");
  private static final Pattern AUTH_PARAM =
      Pattern.compile(
          "(?i)(X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential|Signature|Credential"
              + "|SessionToken|SecretAccessKey|WebIdentityToken)([=:]\\s*)[^\\s,&\"]+");
  private static final Pattern ACCESS_KEY = Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{12,}\\b");
  private static final Pattern JWT =
      Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private AwsFailures() {}

  /** Makes one SDK call, its failure mapped to a {@link BackupStoreException}. */
  static <T> T call(Operation op, DynamoDbClient client, Function<DynamoDbClient, T> request) {
    try {
      return request.apply(client);
    } catch (SdkException e) {
      throw map(op, e);
    }
  }

  static BackupStoreException map(Operation op, SdkException e) {
    AwsServiceException service = serviceCause(e);
    if (service != null) {
      return fromService(op, service);
    }
    String message = op.awsName() + " failed: " + scrub(e.getMessage());
    // the default chain found nothing usable: no IRSA token, no Pod Identity, no keys
    if (e.getMessage() != null && e.getMessage().contains("Unable to load credentials")) {
      return new BackupStoreException(Failure.ACCESS_DENIED, null, message, null);
    }
    // timeouts, refused connections, broken responses: still failing after the SDK's retries
    return new BackupStoreException(Failure.UNAVAILABLE, null, message, null);
  }

  private static BackupStoreException fromService(Operation op, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String awsMessage = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    int status = e.statusCode();
    Failure failure = code == null ? null : BY_CODE.get(code);
    if (failure == null) {
      failure =
          status >= 500
              ? Failure.UNAVAILABLE
              : (status == 401 || status == 403) ? Failure.ACCESS_DENIED : Failure.INVALID_REQUEST;
    }
    StringBuilder message = new StringBuilder(op.awsName()).append(" failed: ");
    message.append(code != null ? code : "HTTP " + status);
    if (awsMessage != null && !awsMessage.isBlank()) {
      message.append(": ").append(scrub(awsMessage));
    }
    if (e.requestId() != null) {
      message.append(" (request id ").append(e.requestId()).append(')');
    }
    // the SDK exception is not kept as cause: its text is AWS's unscrubbed message
    return new BackupStoreException(failure, code, message.toString(), null);
  }

  private static AwsServiceException serviceCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service) {
        return service;
      }
    }
    return null;
  }

  /** Removes anything that could sign or authenticate a request from a message meant for users. */
  static String scrub(String message) {
    if (message == null) {
      return "";
    }
    String s = ECHOED_REQUEST.matcher(message).replaceAll("");
    s = SIGNED_URL.matcher(s).replaceAll("<signed-url>");
    s = AUTH_PARAM.matcher(s).replaceAll("$1$2<redacted>");
    s = ACCESS_KEY.matcher(s).replaceAll("<access-key-id>");
    s = JWT.matcher(s).replaceAll("<token>");
    return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
  }
}
