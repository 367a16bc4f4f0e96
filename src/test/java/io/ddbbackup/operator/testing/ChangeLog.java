package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the {@link ExportFront} saw happen to one table's items: the items the table held when the
 * front first met it (a scan) and every write that passed through the front after that, with the
 * time it passed and the item's old and new image. A full export reads the table's state at a time
 * from it; an incremental export reads the changes in a window. Images are DynamoDB JSON.
 */
public final class ChangeLog {

  /**
   * One write that took effect.
   *
   * @param at when it passed the front, on the front's clock
   * @param key the item's key attributes, canonical (see {@link #keyOf})
   * @param keys the key attributes as DynamoDB JSON
   * @param oldImage the item before the write, or null when there was none
   * @param newImage the item after the write, or null when it was deleted
   */
  public record Change(
      Instant at, String key, ObjectNode keys, ObjectNode oldImage, ObjectNode newImage) {}

  /**
   * An item's change over a window, compacted as an incremental export writes it: the image before
   * the window's first write and the image after its last.
   */
  public record Net(
      String key, ObjectNode keys, ObjectNode oldImage, ObjectNode newImage, Instant last) {}

  private final String tableArn;
  private final String tableId = UUID.randomUUID().toString();
  private final List<String> keyNames;
  private final String createdAt;
  private final Instant since;
  private final Map<String, ObjectNode> baseline = new LinkedHashMap<>();
  private final List<Change> changes = new ArrayList<>();

  ChangeLog(
      String tableArn,
      List<String> keyNames,
      String createdAt,
      Instant since,
      List<ObjectNode> itemsThen) {
    this.tableArn = tableArn;
    this.keyNames = List.copyOf(keyNames);
    this.createdAt = createdAt;
    this.since = since;
    itemsThen.forEach(i -> baseline.put(keyOf(i), i));
  }

  public String tableArn() {
    return tableArn;
  }

  /** A made-up table id (moto has none), stable for this table. */
  String tableId() {
    return tableId;
  }

  /** The table's key attribute names, hash key first. */
  public List<String> keyNames() {
    return keyNames;
  }

  /** moto's CreationDateTime of the table this log is for: another value is another table. */
  String createdAt() {
    return createdAt;
  }

  /** When the front first met the table: before this it knows only the state then. */
  public Instant since() {
    return since;
  }

  synchronized void record(Instant at, ObjectNode keys, ObjectNode oldImage, ObjectNode newImage) {
    changes.add(new Change(at, keyOf(keys), keys, oldImage, newImage));
  }

  /** Every write recorded, in the order they passed. */
  public synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  /**
   * The table's items just before {@code time}: writes at {@code time} itself are not in it, as an
   * incremental export from {@code time} includes them (its start is inclusive). Before {@link
   * #since()} the log knows only the items it scanned then.
   */
  public synchronized Map<String, ObjectNode> stateAt(Instant time) {
    Map<String, ObjectNode> items = new LinkedHashMap<>(baseline);
    for (Change c : changes) {
      if (!c.at().isBefore(time)) {
        break;
      }
      if (c.newImage() == null) {
        items.remove(c.key());
      } else {
        items.put(c.key(), c.newImage());
      }
    }
    return items;
  }

  /**
   * Each item written in [{@code from}, {@code to}), compacted to its image before the first write
   * of the window and after the last; an item absent both before and after is left out.
   */
  public synchronized List<Net> changesIn(Instant from, Instant to) {
    Map<String, Net> net = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.at().isBefore(from) || !c.at().isBefore(to)) {
        continue;
      }
      Net before = net.get(c.key());
      ObjectNode old = before == null ? c.oldImage() : before.oldImage();
      net.put(c.key(), new Net(c.key(), c.keys(), old, c.newImage(), c.at()));
    }
    return net.values().stream().filter(n -> n.oldImage() != null || n.newImage() != null).toList();
  }

  /** The key attributes of {@code item} (or of a key), as DynamoDB JSON. */
  ObjectNode keys(JsonNode item) {
    ObjectNode keys = MotoDynamoDb.JSON.createObjectNode();
    for (String name : keyNames) {
      JsonNode value = Objects.requireNonNull(item.get(name), () -> "no key attribute " + name);
      keys.set(name, value);
    }
    return keys;
  }

  /** A string equal for two items exactly when their keys are equal. */
  String keyOf(JsonNode item) {
    StringBuilder key = new StringBuilder();
    for (String name : keyNames) {
      key.append(name).append('=').append(item.get(name)).append(';');
    }
    return key.toString();
  }
}
