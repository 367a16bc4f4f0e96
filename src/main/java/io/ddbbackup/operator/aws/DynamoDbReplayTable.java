package io.ddbbackup.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.replay.Change;
import io.ddbbackup.operator.replay.ReplayFailure;
import io.ddbbackup.operator.replay.ReplayTable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The replay's one table in DynamoDB: DescribeTable, ListTagsOfResource, and BatchWriteItem with a
 * client that makes one attempt per call (the replay's own {@link io.ddbbackup.operator.replay
 * .Backoff} retries throttling and failures, with UnprocessedItems, so retries do not multiply).
 */
final class DynamoDbReplayTable implements ReplayTable {

  private final DynamoDbClient client;
  private final DynamoDbClient oneAttempt;
  private final String table;
  private final String where;
  private String arn;

  DynamoDbReplayTable(DynamoDbClients clients, TableTarget target) {
    this.client = clients.forTarget(target);
    this.oneAttempt = clients.forOneAttempt(target);
    this.table = target.table();
    this.where = "table " + target.table() + " in " + clients.regionOf(target).id();
  }

  @Override
  public Optional<String> status() {
    try {
      TableDescription d = client.describeTable(r -> r.tableName(table)).table();
      arn = d.tableArn();
      return Optional.of(d.tableStatusAsString());
    } catch (SdkException e) {
      if (ReplayFailures.isCode(e, "ResourceNotFoundException")) {
        return Optional.empty();
      }
      throw ReplayFailures.of("DescribeTable", where, e);
    }
  }

  @Override
  public Map<String, String> tags() {
    if (arn == null && status().isEmpty()) {
      return Map.of();
    }
    Map<String, String> tags = new HashMap<>();
    String next = null;
    try {
      do {
        String token = next;
        var page = client.listTagsOfResource(r -> r.resourceArn(arn).nextToken(token));
        for (Tag tag : page.tags()) {
          tags.put(tag.key(), tag.value());
        }
        next = page.nextToken();
      } while (next != null && !next.isEmpty());
    } catch (SdkException e) {
      throw ReplayFailures.of("ListTagsOfResource", where, e);
    }
    return tags;
  }

  @Override
  public List<Change> write(List<Change> batch) {
    Map<String, Change> byKey = new LinkedHashMap<>();
    List<WriteRequest> requests = new ArrayList<>(batch.size());
    for (Change change : batch) {
      byKey.put(change.identity(), change);
      requests.add(
          change.isDelete()
              ? WriteRequest.builder()
                  .deleteRequest(DeleteRequest.builder().key(item(change.keys())).build())
                  .build()
              : WriteRequest.builder()
                  .putRequest(PutRequest.builder().item(item(change.newImage())).build())
                  .build());
    }
    BatchWriteItemResponse response;
    try {
      response = oneAttempt.batchWriteItem(r -> r.requestItems(Map.of(table, requests)));
    } catch (SdkException e) {
      throw ReplayFailures.of("BatchWriteItem", where, e);
    }
    List<WriteRequest> left = response.unprocessedItems().getOrDefault(table, List.of());
    if (left.isEmpty()) {
      return List.of();
    }
    // UnprocessedItems hands the requests back; find our changes by the item's key
    List<Change> unprocessed = new ArrayList<>(left.size());
    for (WriteRequest request : left) {
      Map<String, AttributeValue> written =
          request.putRequest() != null
              ? request.putRequest().item()
              : request.deleteRequest().key();
      for (Change change : batch) {
        if (matches(change, written)) {
          unprocessed.add(change);
          break;
        }
      }
    }
    return unprocessed;
  }

  private static boolean matches(Change change, Map<String, AttributeValue> written) {
    Map<String, AttributeValue> keys = item(change.keys());
    for (Map.Entry<String, AttributeValue> key : keys.entrySet()) {
      if (!key.getValue().equals(written.get(key.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** DynamoDB JSON ({@code {"id":{"S":"a"}}}) as the SDK's attribute values. */
  static Map<String, AttributeValue> item(ObjectNode json) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    json.fields().forEachRemaining(f -> item.put(f.getKey(), value(f.getValue())));
    return item;
  }

  static AttributeValue value(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new ReplayFailure(
          ReplayFailure.Kind.BAD_DATA, "not a DynamoDB JSON attribute value: " + node);
    }
    var field = node.fields().next();
    JsonNode v = field.getValue();
    return switch (field.getKey()) {
      case "S" -> AttributeValue.fromS(v.asText());
      case "N" -> AttributeValue.fromN(v.asText());
      case "B" ->
          AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
      case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
      case "NULL" -> AttributeValue.fromNul(true);
      case "SS" -> AttributeValue.fromSs(texts(v));
      case "NS" -> AttributeValue.fromNs(texts(v));
      case "BS" ->
          AttributeValue.fromBs(
              texts(v).stream()
                  .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b)))
                  .toList());
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        v.forEach(e -> list.add(value(e)));
        yield AttributeValue.fromL(list);
      }
      case "M" -> AttributeValue.fromM(item((ObjectNode) v));
      default ->
          throw new ReplayFailure(
              ReplayFailure.Kind.BAD_DATA, "unknown DynamoDB JSON type " + field.getKey());
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(e -> texts.add(e.asText()));
    return texts;
  }
}
