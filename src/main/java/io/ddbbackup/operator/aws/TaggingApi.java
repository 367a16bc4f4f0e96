package io.ddbbackup.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.policy.TableCatalog.TaggedPage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The Resource Groups Tagging API's GetResources for DynamoDB tables: the tags of up to 100 tables
 * in one call, where ListTagsOfResource answers one table's. The SDK's module for this service is
 * not in the project's Maven repository, so the one call is made here over the service's JSON
 * protocol (awsJson1_1), with the SDK's own parts for the rest: its SigV4 signer, the credentials
 * DynamoDB's calls use (the operator's or spec.roleArn's), the HTTP client settings, and the retry
 * strategy (throttling, 5xx and I/O errors, with the same backoff). The endpoint is found as the
 * SDK finds any service's: {@code aws.endpointUrlResourceGroupsTaggingApi} or {@code
 * AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API}, then {@code aws.endpointUrl} or {@code
 * AWS_ENDPOINT_URL}, else {@code https://tagging.<region>.<the partition's domain>}.
 */
final class TaggingApi {

  /** The JSON protocol's operation header value. */
  static final String TARGET = "ResourceGroupsTaggingAPI_20170126.GetResources";

  /** The service's name in the SigV4 credential scope (and its endpoints' first label). */
  static final String SIGNING_NAME = "tagging";

  /** The most resources one GetResources page answers. */
  static final int PAGE = 100;

  private static final String SERVICE_ID = "ResourceGroupsTaggingAPI";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DynamoDbClients clients;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private volatile SdkHttpClient http;
  private volatile RetryStrategy retries;

  TaggingApi(DynamoDbClients clients) {
    this.clients = clients;
  }

  /**
   * One page of GetResources with {@code ResourceTypeFilters: ["dynamodb:table"]} in the scope's
   * region and account: the tables tagged now or before, by name, with their tags.
   *
   * @param paginationToken the previous page's token, or null for the first page
   */
  TaggedPage tables(TableTarget scope, String paginationToken) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("ResourceTypeFilters").add("dynamodb:table");
    body.put("ResourcesPerPage", PAGE);
    if (paginationToken != null) {
      body.put("PaginationToken", paginationToken);
    }
    JsonNode answer;
    // as the SDK marks each call: one invocation id for all its attempts, each attempt numbered
    String invocation = UUID.randomUUID().toString();
    try {
      answer = withRetries((attempt, of) -> send(scope, bytes(body), invocation, attempt, of));
    } catch (SdkException e) {
      throw AwsFailures.map(Operation.GET_RESOURCES, clients.where(scope), e);
    }
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (JsonNode resource : answer.path("ResourceTagMappingList")) {
      String name = tableName(resource.path("ResourceARN").asText(""));
      if (name == null) {
        continue;
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (JsonNode tag : resource.path("Tags")) {
        tags.put(tag.path("Key").asText(), tag.path("Value").asText(""));
      }
      tables.put(name, tags);
    }
    String next = answer.path("PaginationToken").asText("");
    return new TaggedPage(tables, next.isEmpty() ? null : next);
  }

  /** The table's name in a table ARN ({@code …:table/<name>}); null for anything else. */
  static String tableName(String arn) {
    int at = arn.indexOf(":table/");
    if (at < 0) {
      return null;
    }
    String name = arn.substring(at + ":table/".length());
    // an index or a stream of a table has an ARN under the table's: not a table
    return name.isEmpty() || name.contains("/") ? null : name;
  }

  private interface Attempt {
    JsonNode call(int attempt, int maxAttempts);
  }

  /** The attempts the SDK's strategy allows, each after the backoff it says. */
  private JsonNode withRetries(Attempt attempt) {
    RetryStrategy strategy = retryStrategy();
    AcquireInitialTokenResponse first =
        strategy.acquireInitialToken(AcquireInitialTokenRequest.create(SERVICE_ID));
    RetryToken token = first.token();
    pause(first.delay());
    for (int n = 1; ; n++) {
      try {
        JsonNode answer = attempt.call(n, strategy.maxAttempts());
        strategy.recordSuccess(RecordSuccessRequest.create(token));
        return answer;
      } catch (SdkException failure) {
        RefreshRetryTokenResponse again;
        try {
          again =
              strategy.refreshRetryToken(
                  RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
        } catch (TokenAcquisitionFailedException notRetried) {
          throw failure;
        }
        token = again.token();
        pause(again.delay());
      }
    }
  }

  private JsonNode send(
      TableTarget scope, byte[] body, String invocation, int attempt, int maxAttempts) {
    Region region = clients.regionOf(scope);
    AwsCredentialsIdentity credentials = clients.credentials(scope).resolveCredentials();
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint(region))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", TARGET)
            .putHeader("Content-Length", Integer.toString(body.length))
            .putHeader("amz-sdk-invocation-id", invocation)
            .putHeader("amz-sdk-request", "attempt=%d; max=%d".formatted(attempt, maxAttempts))
            .build();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials)
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
    HttpExecuteResponse response;
    try {
      response =
          httpClient()
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
    } catch (IOException e) {
      throw SdkClientException.builder()
          .message("GetResources: " + e.getMessage())
          .cause(e)
          .build();
    }
    JsonNode answer = read(response);
    int status = response.httpResponse().statusCode();
    if (status / 100 != 2) {
      throw serviceFailure(response, answer, status);
    }
    return answer;
  }

  /** The service's error as the SDK would raise it, for the retry strategy and AwsFailures. */
  private static AwsServiceException serviceFailure(
      HttpExecuteResponse response, JsonNode answer, int status) {
    String code =
        response
            .httpResponse()
            .firstMatchingHeader("x-amzn-ErrorType")
            .map(TaggingApi::errorCode)
            .orElseGet(() -> errorCode(answer.path("__type").asText("")));
    String message = answer.path("Message").asText(answer.path("message").asText(""));
    String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
    return AwsServiceException.builder()
        .statusCode(status)
        .requestId(requestId)
        .message(message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code.isEmpty() ? null : code)
                .errorMessage(message)
                .serviceName(SERVICE_ID)
                .sdkHttpResponse(response.httpResponse())
                .build())
        .build();
  }

  /** {@code ns#Code:extra} or {@code Code:extra} → {@code Code}. */
  static String errorCode(String type) {
    String code = type.substring(type.lastIndexOf('#') + 1);
    int colon = code.indexOf(':');
    return colon < 0 ? code : code.substring(0, colon);
  }

  private static JsonNode read(HttpExecuteResponse response) {
    Optional<? extends InputStream> stream = response.responseBody();
    if (stream.isEmpty()) {
      return JSON.createObjectNode();
    }
    try (InputStream in = stream.get()) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (IOException e) {
      // a broken answer (cut connection, a proxy's HTML page): retried like any I/O error
      throw SdkClientException.builder()
          .message("GetResources: unreadable answer (" + e.getMessage() + ")")
          .cause(e)
          .build();
    }
  }

  private static byte[] bytes(ObjectNode body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The endpoint as the SDK resolves one for a service it was not given (see the class). */
  static URI endpoint(Region region) {
    return endpoint(region, System::getProperty, System::getenv);
  }

  /**
   * The endpoint, with the system properties and the environment read through {@code properties}
   * and {@code environment}.
   */
  static URI endpoint(
      Region region, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String own = null;
    for (String[] setting : ENDPOINT_SETTINGS) {
      own = blankIsNull(properties.apply(setting[0]));
      if (own == null) {
        own = blankIsNull(environment.apply(setting[1]));
      }
      if (own != null) {
        return URI.create(own.endsWith("/") ? own : own + "/");
      }
    }
    String domain = PartitionMetadata.of(region).dnsSuffix();
    return URI.create(
        "https://%s.%s.%s/".formatted(SIGNING_NAME, region.id().toLowerCase(Locale.ROOT), domain));
  }

  /** The service's own endpoint setting, then every service's: property, then environment. */
  private static final String[][] ENDPOINT_SETTINGS = {
    {"aws.endpointUrlResourceGroupsTaggingApi", "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API"},
    {"aws.endpointUrl", "AWS_ENDPOINT_URL"}
  };

  private static String blankIsNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private SdkHttpClient httpClient() {
    SdkHttpClient client = http;
    if (client == null) {
      synchronized (this) {
        if (http == null) {
          http = clients.httpClient().build();
        }
        client = http;
      }
    }
    return client;
  }

  private RetryStrategy retryStrategy() {
    RetryStrategy strategy = retries;
    if (strategy == null) {
      synchronized (this) {
        if (retries == null) {
          retries = clients.retryStrategy();
        }
        strategy = retries;
      }
    }
    return strategy;
  }

  private static void pause(Duration delay) {
    if (delay == null || delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdkClientException.builder().message("GetResources: interrupted").cause(e).build();
    }
  }

  void close() {
    SdkHttpClient client = http;
    if (client != null) {
      client.close();
    }
  }
}
