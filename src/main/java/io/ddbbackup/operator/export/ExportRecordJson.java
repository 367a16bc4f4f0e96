package io.ddbbackup.operator.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An {@link ExportRecord} as JSON in the bucket. The field names are a contract with every restore
 * that will ever read the bucket, written out here one by one rather than derived from the Java
 * names. Fields are DynamoDB's names in camelCase; instants are ISO 8601 UTC; absent values are
 * left out. Reading ignores fields it does not know (a later operator may add some without a new
 * format version) and refuses a record of a newer {@code formatVersion}, whose meaning it cannot
 * know.
 */
public final class ExportRecordJson {

  /** The format this operator writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportRecordJson() {}

  /** The record as UTF-8 JSON. */
  public static byte[] write(ExportRecord r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("kind", r.window().kind().name());
    if (r.window().kind() == ExportKind.FULL) {
      root.put("exportTime", r.window().to().toString());
    } else {
      root.put("exportFromTime", r.window().from().toString());
      root.put("exportToTime", r.window().to().toString());
    }
    root.put("exportArn", r.exportArn());
    root.put("exportId", r.exportId());
    root.put("s3Prefix", r.prefix());
    root.put("dataPrefix", r.dataPrefix());
    putIfSet(root, "exportManifest", r.manifest());
    root.put("exportFormat", r.format().name());
    root.put("itemCount", r.itemCount());
    root.put("billedSizeBytes", r.billedBytes());
    putIfSet(root, "previous", r.previous());
    root.set("table", table(r.table()));
    if (r.schedule() != null) {
      ObjectNode s = root.putObject("schedule");
      putIfSet(s, "namespace", r.schedule().namespace());
      putIfSet(s, "name", r.schedule().name());
      putIfSet(s, "uid", r.schedule().uid());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /**
   * The record stored under {@code key}.
   *
   * @throws BackupStoreException {@link Failure#RECORD_UNREADABLE}, naming the key and why
   */
  public static ExportRecord read(String key, byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw unreadable(key, "it is not JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw unreadable(key, "it is not a JSON object");
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
      throw unreadable(key, "it has no formatVersion, so it is not an export record");
    }
    if (version.asInt() > FORMAT_VERSION) {
      throw unreadable(
          key,
          ("it is in record format %d, and this operator reads formats up to %d: read it with a"
                  + " newer dynamodb-backup-operator")
              .formatted(version.asInt(), FORMAT_VERSION));
    }
    try {
      return fromV1(root);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw unreadable(key, e.getMessage());
    }
  }

  private static ExportRecord fromV1(JsonNode root) {
    ExportKind kind = enumOf(ExportKind.class, text(root, "kind"), "kind");
    ExportWindow window =
        kind == ExportKind.FULL
            ? ExportWindow.full(instant(root, "exportTime"))
            : ExportWindow.incremental(
                instant(root, "exportFromTime"), instant(root, "exportToTime"));
    JsonNode schedule = root.get("schedule");
    return new ExportRecord(
        window,
        text(root, "exportArn"),
        prefix(root),
        enumOf(ExportDestination.Format.class, text(root, "exportFormat"), "exportFormat"),
        number(root, "itemCount"),
        number(root, "billedSizeBytes"),
        optionalText(root, "exportManifest"),
        tableOf(object(root, "table")),
        optionalText(root, "previous"),
        schedule == null || !schedule.isObject()
            ? null
            : new ExportRecord.ScheduleRef(
                optionalText(schedule, "namespace"),
                optionalText(schedule, "name"),
                optionalText(schedule, "uid")));
  }

  private static ObjectNode table(TableShape t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("tableArn", t.arn());
    n.put("tableName", t.name());
    n.set("keySchema", keySchema(t.keySchema()));
    ArrayNode attributes = n.putArray("attributeDefinitions");
    for (TableShape.AttributeDefinition a : t.attributeDefinitions()) {
      attributes
          .addObject()
          .put("attributeName", a.attributeName())
          .put("attributeType", a.attributeType());
    }
    putIfSet(n, "billingMode", t.billingMode());
    if (t.provisionedThroughput() != null) {
      n.set("provisionedThroughput", throughput(t.provisionedThroughput()));
    }
    n.set("globalSecondaryIndexes", indexes(t.globalSecondaryIndexes()));
    n.set("localSecondaryIndexes", indexes(t.localSecondaryIndexes()));
    putIfSet(n, "streamViewType", t.streamViewType());
    putIfSet(n, "timeToLiveAttribute", t.timeToLiveAttribute());
    return n;
  }

  private static TableShape tableOf(JsonNode n) {
    return new TableShape(
        text(n, "tableArn"),
        text(n, "tableName"),
        keySchemaOf(n, "keySchema"),
        list(
            n,
            "attributeDefinitions",
            a ->
                new TableShape.AttributeDefinition(
                    text(a, "attributeName"), text(a, "attributeType"))),
        indexesOf(n, "globalSecondaryIndexes"),
        indexesOf(n, "localSecondaryIndexes"),
        optionalText(n, "billingMode"),
        throughputOf(n.get("provisionedThroughput")),
        optionalText(n, "streamViewType"),
        optionalText(n, "timeToLiveAttribute"));
  }

  private static ArrayNode keySchema(List<TableShape.KeyElement> keys) {
    ArrayNode a = JSON.createArrayNode();
    for (TableShape.KeyElement k : keys) {
      a.addObject().put("attributeName", k.attributeName()).put("keyType", k.keyType());
    }
    return a;
  }

  private static List<TableShape.KeyElement> keySchemaOf(JsonNode n, String field) {
    return list(
        n, field, k -> new TableShape.KeyElement(text(k, "attributeName"), text(k, "keyType")));
  }

  private static ArrayNode indexes(List<TableShape.Index> indexes) {
    ArrayNode a = JSON.createArrayNode();
    for (TableShape.Index i : indexes) {
      ObjectNode n = a.addObject();
      n.put("indexName", i.indexName());
      n.set("keySchema", keySchema(i.keySchema()));
      ObjectNode projection = n.putObject("projection");
      putIfSet(projection, "projectionType", i.projectionType());
      if (!i.nonKeyAttributes().isEmpty()) {
        ArrayNode attributes = projection.putArray("nonKeyAttributes");
        i.nonKeyAttributes().forEach(attributes::add);
      }
      if (i.provisionedThroughput() != null) {
        n.set("provisionedThroughput", throughput(i.provisionedThroughput()));
      }
    }
    return a;
  }

  private static List<TableShape.Index> indexesOf(JsonNode table, String field) {
    if (table.get(field) == null) {
      return List.of();
    }
    return list(
        table,
        field,
        i -> {
          JsonNode projection = i.path("projection");
          return new TableShape.Index(
              text(i, "indexName"),
              keySchemaOf(i, "keySchema"),
              optionalText(projection, "projectionType"),
              projection.get("nonKeyAttributes") == null
                  ? List.of()
                  : list(projection, "nonKeyAttributes", JsonNode::asText),
              throughputOf(i.get("provisionedThroughput")));
        });
  }

  private static ObjectNode throughput(TableShape.Throughput t) {
    return JSON.createObjectNode()
        .put("readCapacityUnits", t.readCapacityUnits())
        .put("writeCapacityUnits", t.writeCapacityUnits());
  }

  private static TableShape.Throughput throughputOf(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    return new TableShape.Throughput(
        number(n, "readCapacityUnits"), number(n, "writeCapacityUnits"));
  }

  private static void putIfSet(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("field " + field + " is missing or not an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("field " + field + " is missing or not a string");
    }
    return v.asText();
  }

  /** S3Prefix may be empty: DynamoDB then writes at the bucket's root. */
  private static String prefix(JsonNode n) {
    JsonNode v = n.get("s3Prefix");
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field s3Prefix is missing or not a string");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field " + field + " is missing or not a whole number");
    }
    return v.asLong();
  }

  private static Instant instant(JsonNode n, String field) {
    String s = text(n, field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field " + field + " is not an ISO 8601 UTC instant: " + s, e);
    }
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String field) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException("field " + field + " has an unknown value " + value);
  }

  private static <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> element) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("field " + field + " is missing or not a list");
    }
    List<T> out = new ArrayList<>();
    v.forEach(e -> out.add(element.apply(e)));
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static BackupStoreException unreadable(String key, String why) {
    return new BackupStoreException(
        Failure.RECORD_UNREADABLE,
        null,
        "the export record " + key + " cannot be read: " + why,
        null);
  }
}
