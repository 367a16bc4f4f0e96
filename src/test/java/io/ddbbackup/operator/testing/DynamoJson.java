package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB JSON (the wire form and the export files' form) as the SDK's attribute values. */
public final class DynamoJson {

  private DynamoJson() {}

  /** An item, e.g. {@code {"id":{"S":"a"},"n":{"N":"1"}}}. */
  public static Map<String, AttributeValue> item(JsonNode item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.fields().forEachRemaining(f -> out.put(f.getKey(), value(f.getValue())));
    return out;
  }

  /** One attribute value, e.g. {@code {"SS":["a","b"]}}. */
  public static AttributeValue value(JsonNode v) {
    String type = v.fieldNames().next();
    JsonNode x = v.get(type);
    return switch (type) {
      case "S" -> AttributeValue.fromS(x.asText());
      case "N" -> AttributeValue.fromN(x.asText());
      case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(decode(x)));
      case "BOOL" -> AttributeValue.fromBool(x.asBoolean());
      case "NULL" -> AttributeValue.fromNul(true);
      case "M" -> AttributeValue.fromM(item(x));
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        x.forEach(e -> list.add(value(e)));
        yield AttributeValue.fromL(list);
      }
      case "SS" -> AttributeValue.fromSs(texts(x));
      case "NS" -> AttributeValue.fromNs(texts(x));
      case "BS" -> {
        List<SdkBytes> bytes = new ArrayList<>();
        x.forEach(e -> bytes.add(SdkBytes.fromByteArray(decode(e))));
        yield AttributeValue.fromBs(bytes);
      }
      default -> throw new IllegalArgumentException("not a DynamoDB JSON value: " + v);
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static byte[] decode(JsonNode base64) {
    return java.util.Base64.getDecoder().decode(base64.asText());
  }
}
