package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB calls the {@link ExportFront} makes to moto on behalf of one caller, in the JSON wire
 * form (so item images stay DynamoDB JSON, as the export files hold them). moto picks account and
 * region from the access key and credential scope of the Authorization header and checks no
 * signature, so the front signs as the caller whose request it is serving.
 */
final class MotoDynamoDb {

  /** Decimals stay exact: a timestamp of 1733543400.123 seconds is that millisecond. */
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Who is calling: the access key moto maps to an account, and the region of the call. */
  record Caller(String accessKey, String region) {

    /** The caller of a request, from its Authorization header (null when it has none). */
    static Caller of(String authorization) {
      if (authorization == null) {
        return null;
      }
      Matcher m = CREDENTIAL.matcher(authorization);
      return m.find() ? new Caller(m.group(1), m.group(2)) : null;
    }
  }

  /** An error moto answered: its code (after the '#') and message. */
  static final class MotoError extends RuntimeException {
    private final String code;

    MotoError(String code, String message) {
      super(code + ": " + message);
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  private final String endpoint;
  private final Caller caller;

  MotoDynamoDb(String endpoint, Caller caller) {
    this.endpoint = endpoint;
    this.caller = caller;
  }

  JsonNode describeTable(String tableName) {
    return call("DescribeTable", JSON.createObjectNode().put("TableName", tableName)).get("Table");
  }

  JsonNode describeContinuousBackups(String tableName) {
    return call("DescribeContinuousBackups", JSON.createObjectNode().put("TableName", tableName))
        .get("ContinuousBackupsDescription");
  }

  /** moto's ImportTable of the request as the caller sent it: its ImportTableDescription. */
  JsonNode importTable(JsonNode request) {
    return call("ImportTable", ((ObjectNode) request).deepCopy()).get("ImportTableDescription");
  }

  /** moto's DescribeImport (an ARN it never made answers HTTP 500, a KeyError). */
  JsonNode describeImport(String importArn) {
    return call("DescribeImport", JSON.createObjectNode().put("ImportArn", importArn))
        .get("ImportTableDescription");
  }

  /** The item with this key, read consistently, or null. */
  ObjectNode getItem(String tableName, JsonNode key) {
    ObjectNode request = JSON.createObjectNode().put("TableName", tableName);
    request.set("Key", key);
    request.put("ConsistentRead", true);
    JsonNode item = call("GetItem", request).get("Item");
    return item == null || item.isEmpty() ? null : (ObjectNode) item;
  }

  /** Every item of the table, all pages. */
  List<ObjectNode> scan(String tableName) {
    List<ObjectNode> items = new ArrayList<>();
    JsonNode start = null;
    do {
      ObjectNode request = JSON.createObjectNode().put("TableName", tableName);
      request.put("ConsistentRead", true);
      if (start != null) {
        request.set("ExclusiveStartKey", start);
      }
      JsonNode page = call("Scan", request);
      page.path("Items").forEach(i -> items.add((ObjectNode) i));
      start = page.get("LastEvaluatedKey");
    } while (start != null && !start.isEmpty());
    return items;
  }

  private JsonNode call(String operation, ObjectNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint + "/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "DynamoDB_20120810." + operation)
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + caller.accessKey()
                    + "/20200101/"
                    + caller.region()
                    + "/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode answer =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        String type = answer.path("__type").asText("");
        throw new MotoError(
            type.substring(type.indexOf('#') + 1), answer.path("message").asText(""));
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
