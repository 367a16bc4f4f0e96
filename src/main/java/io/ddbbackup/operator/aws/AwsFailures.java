package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.FailureText;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Turns SDK exceptions into {@link BackupStoreException}s by AWS error code. Messages name the
 * operation, the code and AWS's message, scrubbed of anything that could authenticate a request;
 * when the cause is one a user fixes (no credentials, a refused grant or role, a table not where it
 * was looked for) the message starts with what to change ({@link FailureText}).
 */
final class AwsFailures {

  /**
   * Where a call went and as whom, for its failure's message.
   *
   * @param table the table as the spec names it; null for a call about every table
   * @param region the region the call went to
   * @param roleArn spec.roleArn, or null for the operator's own identity
   */
  record Where(String table, String region, String roleArn) {}

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
          // the Resource Groups Tagging API's word for it
          Map.entry("ThrottledException", Failure.THROTTLED),
          Map.entry("ProvisionedThroughputExceededException", Failure.THROTTLED),
          Map.entry("RequestLimitExceeded", Failure.THROTTLED),
          Map.entry("LimitExceededException", Failure.LIMIT_EXCEEDED),
          Map.entry("BackupInUseException", Failure.BACKUP_IN_USE),
          Map.entry("BackupNotFoundException", Failure.BACKUP_NOT_FOUND),
          Map.entry("TableAlreadyExistsException", Failure.TABLE_ALREADY_EXISTS),
          Map.entry("TableInUseException", Failure.TABLE_IN_USE),
          Map.entry("ResourceInUseException", Failure.TABLE_IN_USE),
          Map.entry("InvalidRestoreTimeException", Failure.INVALID_RESTORE_TIME),
          Map.entry("InvalidExportTimeException", Failure.INVALID_EXPORT_TIME),
          Map.entry("ExportConflictException", Failure.EXPORT_CONFLICT),
          Map.entry("ExportNotFoundException", Failure.EXPORT_NOT_FOUND),
          // ImportTable's errors name ImportConflictException for a ClientToken reused with other
          // parameters; its ClientToken text says IdempotentParameterMismatch: both are mapped
          Map.entry("ImportConflictException", Failure.IMPORT_CONFLICT),
          Map.entry("IdempotentParameterMismatchException", Failure.IMPORT_CONFLICT),
          Map.entry("IdempotentParameterMismatch", Failure.IMPORT_CONFLICT),
          Map.entry("ImportNotFoundException", Failure.IMPORT_NOT_FOUND),
          Map.entry(
              "PointInTimeRecoveryUnavailableException",
              Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE),
          Map.entry(
              "ContinuousBackupsUnavailableException", Failure.CONTINUOUS_BACKUPS_UNAVAILABLE),
          Map.entry("ValidationException", Failure.INVALID_REQUEST),
          // S3, on an export bucket ("AccessDenied" is above, with STS's)
          Map.entry("NoSuchBucket", Failure.BUCKET_NOT_FOUND),
          Map.entry("NoSuchKey", Failure.OBJECT_NOT_FOUND),
          Map.entry("AllAccessDisabled", Failure.ACCESS_DENIED),
          Map.entry("SlowDown", Failure.THROTTLED));

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

  /** The web identity provider's part of the default chain's message, when STS answered. */
  private static final Pattern WEB_IDENTITY_FAILURE =
      Pattern.compile(
          "WebIdentityTokenFileCredentialsProvider\\(\\): (.*?) \\(Service: Sts, Status Code:"
              + " (\\d{3})");

  private static final Pattern THROTTLED_TEXT = Pattern.compile("(?i)rate exceeded|throttl");

  /** One provider's reason in the SDK's "Unable to load credentials from any of …" message. */
  private static final String PROVIDER_REASON = "%s\\(\\): (.*?)(?:, \\w+Provider\\(|\\]$)";

  private AwsFailures() {}

  /** Makes one SDK call, its failure mapped to a {@link BackupStoreException}. */
  static <T> T call(
      Operation op, Where where, DynamoDbClient client, Function<DynamoDbClient, T> request) {
    try {
      return request.apply(client);
    } catch (SdkException e) {
      throw map(op, where, e);
    }
  }

  static BackupStoreException map(Operation op, Where where, SdkException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LeaderOnlyWrites.NotLeading refused) {
        return new BackupStoreException(Failure.NOT_LEADER, null, refused.getMessage(), null);
      }
    }
    AwsServiceException service = serviceCause(e);
    if (service != null) {
      return fromService(op, where, service);
    }
    Matcher webIdentity =
        e.getMessage() == null ? null : WEB_IDENTITY_FAILURE.matcher(e.getMessage());
    if (webIdentity != null && webIdentity.find()) {
      return fromWebIdentity(op, webIdentity);
    }
    // the default chain found nothing usable: no IRSA token, no Pod Identity, no keys
    if (e.getMessage() != null && e.getMessage().contains("Unable to load credentials")) {
      return new BackupStoreException(
          Failure.ACCESS_DENIED, null, noCredentials(op, e.getMessage()), null);
    }
    // timeouts, refused connections, broken responses: still failing after the SDK's retries
    String message = op.awsName() + " failed: " + scrub(e.getMessage());
    return new BackupStoreException(Failure.UNAVAILABLE, null, message, null);
  }

  /**
   * STS refused or failed AssumeRoleWithWebIdentity before any credentials were fetched. The
   * default chain then reports all six of its providers in one message and drops STS's exception,
   * so the web identity part is read out of the message: without it the reason was cut off after
   * the list of providers, and throttling or an STS outage was reported as AccessDenied.
   */
  private static BackupStoreException fromWebIdentity(Operation op, Matcher failure) {
    String reason = failure.group(1);
    int status = Integer.parseInt(failure.group(2));
    String answer =
        "STS AssumeRoleWithWebIdentity answered HTTP %d: %s".formatted(status, scrub(reason));
    if (status >= 500 || THROTTLED_TEXT.matcher(reason).find()) {
      // STS is down or busy: retried with backoff, the setup is not at fault
      return new BackupStoreException(
          status >= 500 ? Failure.UNAVAILABLE : Failure.THROTTLED,
          null,
          "%s failed: %s".formatted(op.awsName(), answer),
          null);
    }
    // refused: the setup needs fixing, named as for any refusal of the IRSA role
    return new BackupStoreException(
        Failure.ACCESS_DENIED,
        null,
        "%s; %s was not sent. %s"
            .formatted(
                FailureText.irsaRefused(setting(SdkSystemSetting.AWS_ROLE_ARN)),
                op.awsName(),
                answer),
        null);
  }

  /**
   * Why the chain gave no credentials, and the fix: nothing was set up (neither IRSA nor Pod
   * Identity), or what was set up was refused, with the reason of that one provider (the SDK's
   * whole message lists all six and would be cut before it).
   */
  private static String noCredentials(Operation op, String sdkMessage) {
    String notSent = "; " + op.awsName() + " was not sent";
    if (setting(SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE) != null) {
      return FailureText.irsaRefused(setting(SdkSystemSetting.AWS_ROLE_ARN))
          + notSent
          + providerReason("WebIdentityTokenFileCredentialsProvider", sdkMessage);
    }
    if (setting(SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_FULL_URI) != null
        || setting(SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) != null) {
      return FailureText.podIdentityRefused()
          + notSent
          + providerReason("ContainerCredentialsProvider", sdkMessage);
    }
    return FailureText.noCredentials() + notSent;
  }

  /** As the SDK reads it: the system property, else the environment variable. */
  private static String setting(SdkSystemSetting setting) {
    return setting.getStringValue().orElse(null);
  }

  private static String providerReason(String provider, String sdkMessage) {
    Matcher m = Pattern.compile(PROVIDER_REASON.formatted(provider)).matcher(sdkMessage);
    return ". The SDK said: " + scrub(m.find() ? m.group(1) : sdkMessage);
  }

  private static BackupStoreException fromService(
      Operation op, Where where, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String awsMessage = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    int status = e.statusCode();
    Failure failure = code == null ? null : BY_CODE.get(code);
    if (op == Operation.IMPORT_TABLE && "ResourceInUseException".equals(code)) {
      // ImportTable always creates its table: in use means the target exists
      failure = Failure.TABLE_ALREADY_EXISTS;
    }
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
    String fix = fix(op, where, e, failure, code);
    // the SDK exception is not kept as cause: its text is AWS's unscrubbed message
    return new BackupStoreException(
        failure, code, fix == null ? message.toString() : fix + ". " + message, null);
  }

  /** What to change, for the failures a user fixes; null for the others. */
  private static String fix(
      Operation op, Where where, AwsServiceException e, Failure failure, String code) {
    boolean sts =
        e.awsErrorDetails() != null && "Sts".equalsIgnoreCase(e.awsErrorDetails().serviceName());
    if (sts && failure == Failure.ACCESS_DENIED && where.roleArn() != null) {
      // AssumeRole of spec.roleArn; the operator's own web identity fails inside the chain
      return FailureText.roleNotAssumed(where.roleArn());
    }
    if (!sts && "AccessDeniedException".equals(code)) {
      return FailureText.accessDenied(op, where.table(), where.region(), where.roleArn());
    }
    if (failure == Failure.TABLE_NOT_FOUND && where.table() != null) {
      return FailureText.tableNotFound(where.table(), where.region(), where.roleArn());
    }
    return null;
  }

  /** The service that answered with an error (e.g. {@code S3}, {@code Sts}), or null. */
  static String answeringService(SdkException e) {
    AwsServiceException service = serviceCause(e);
    return service == null || service.awsErrorDetails() == null
        ? null
        : service.awsErrorDetails().serviceName();
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
