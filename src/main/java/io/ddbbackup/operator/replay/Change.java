package io.ddbbackup.operator.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One line of an incremental export: an item's final state over the export's window. A line with a
 * {@code NewImage} puts that image (the whole item, so a put twice is the same item); a line
 * without one deletes the item by its {@code Keys}. Images are kept in DynamoDB JSON ({@code
 * {"id":{"S":"a"}}}), as the export wrote them; the writer turns them into its own types.
 *
 * @param keys the item's key attributes, DynamoDB JSON
 * @param newImage the item as it ended the window, or null when it ended deleted
 */
public record Change(ObjectNode keys, ObjectNode newImage) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Change {
    Objects.requireNonNull(keys, "keys");
  }

  public boolean isDelete() {
    return newImage == null;
  }

  /**
   * The item's identity: its key attributes in name order, so two lines of the same item give the
   * same text whatever order their {@code Keys} were written in.
   */
  public String identity() {
    List<String> names = new ArrayList<>();
    keys.fieldNames().forEachRemaining(names::add);
    Collections.sort(names);
    StringBuilder id = new StringBuilder();
    for (String name : names) {
      id.append(name).append('=').append(keys.get(name)).append(';');
    }
    return id.toString();
  }

  /**
   * Parses one line of an incremental data file: {@code
   * {"Metadata":{…},"Keys":{…},"NewImage":{…},"OldImage":{…}}}. {@code where} (the file and line
   * number) goes into the error of a line that is not one.
   */
  public static Change parse(String line, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (Exception e) {
      throw bad(where, "is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw bad(where, "is not a JSON object");
    }
    JsonNode keys = node.get("Keys");
    if (keys == null || !keys.isObject() || keys.isEmpty()) {
      throw bad(
          where,
          node.has("Item")
              ? "is a full export's line ({\"Item\":…}); --manifest must name an incremental"
                  + " export's manifest-files.json"
              : "has no \"Keys\" object");
    }
    JsonNode image = node.get("NewImage");
    if (image != null && !image.isNull() && !image.isObject()) {
      throw bad(where, "has a \"NewImage\" that is not an object");
    }
    return new Change(
        (ObjectNode) keys, image == null || image.isNull() ? null : (ObjectNode) image);
  }

  private static ReplayFailure bad(String where, String what) {
    return new ReplayFailure(
        ReplayFailure.Kind.BAD_DATA, where + " " + what + " (an incremental export line expected)");
  }
}
