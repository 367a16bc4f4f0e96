package io.ddbbackup.operator.policy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DynamoDB's tables and tags as ListTables, ListTagsOfResource and the Tagging API's GetResources
 * answer them: names in order, pages of at most 100; GetResources answers the tables tagged now or
 * before (a table never tagged is in no page), or refuses when told to. It counts the calls made to
 * it.
 */
public class FakeTableCatalog implements TableCatalog {

  public static final int PAGE = 100;
  public static final String ARN_PREFIX = "arn:aws:dynamodb:eu-west-1:123456789012:table/";

  private final Map<String, Map<String, String>> tables = new TreeMap<>();
  private final AtomicInteger listCalls = new AtomicInteger();
  private final AtomicInteger tagCalls = new AtomicInteger();
  private final AtomicInteger describeCalls = new AtomicInteger();
  private final AtomicInteger taggedCalls = new AtomicInteger();
  private final java.util.Set<String> everTagged = new java.util.TreeSet<>();
  private volatile boolean getResourcesDenied;
  private volatile Failure failNext;

  public synchronized FakeTableCatalog table(String name, Map<String, String> tags) {
    tables.put(name, new TreeMap<>(tags));
    if (!tags.isEmpty()) {
      everTagged.add(name);
    }
    return this;
  }

  public synchronized FakeTableCatalog drop(String name) {
    tables.remove(name);
    return this;
  }

  private volatile Failure failNextDescribe;

  /**
   * The next DescribeTable fails with {@code failure} (e.g. QUEUED: our rate-limit queue had no
   * permit at once, as when another schedule's check took it), not counting as a call.
   */
  public void failNextDescribe(Failure failure) {
    this.failNextDescribe = failure;
  }

  /** The next call fails with {@code failure}. */
  public void failNext(Failure failure) {
    this.failNext = failure;
  }

  public int listCalls() {
    return listCalls.get();
  }

  public int describeCalls() {
    return describeCalls.get();
  }

  public int tagCalls() {
    return tagCalls.get();
  }

  /** GetResources calls, refused ones included. */
  public int taggedCalls() {
    return taggedCalls.get();
  }

  /** From now on GetResources is refused (AccessDeniedException), as without tag:GetResources. */
  public FakeTableCatalog denyGetResources() {
    getResourcesDenied = true;
    return this;
  }

  /** GetResources answers again, as after tag:GetResources was granted. */
  public FakeTableCatalog allowGetResources() {
    getResourcesDenied = false;
    return this;
  }

  @Override
  public synchronized TaggedPage taggedTables(TableTarget scope, String paginationToken) {
    taggedCalls.incrementAndGet();
    if (getResourcesDenied) {
      throw new BackupStoreException(
          Failure.ACCESS_DENIED,
          "AccessDeniedException",
          "tag:GetResources in region eu-west-1 was denied to the operator's own identity",
          null);
    }
    failIfAsked("GetResources");
    Map<String, Map<String, String>> page = new java.util.LinkedHashMap<>();
    String last = null;
    for (String name : everTagged) {
      if (paginationToken != null && name.compareTo(paginationToken) <= 0) {
        continue;
      }
      Map<String, String> tags = tables.get(name);
      if (tags == null) {
        continue; // deleted: its tags went with it
      }
      page.put(name, Map.copyOf(tags));
      last = name;
      if (page.size() == PAGE) {
        break;
      }
    }
    String lastName = last;
    boolean more =
        lastName != null
            && everTagged.stream()
                .anyMatch(n -> n.compareTo(lastName) > 0 && tables.containsKey(n));
    return new TaggedPage(page, more ? lastName : null);
  }

  @Override
  public synchronized Page listTables(TableTarget scope, String exclusiveStart) {
    listCalls.incrementAndGet();
    failIfAsked("ListTables");
    List<String> names = new ArrayList<>();
    for (String name : tables.keySet()) {
      if (exclusiveStart != null && name.compareTo(exclusiveStart) <= 0) {
        continue;
      }
      names.add(name);
      if (names.size() == PAGE) {
        break;
      }
    }
    boolean more =
        !names.isEmpty()
            && tables.keySet().stream().anyMatch(n -> n.compareTo(names.get(names.size() - 1)) > 0);
    return new Page(names, more ? names.get(names.size() - 1) : null);
  }

  @Override
  public synchronized String tableArn(TableTarget scope, String tableName) {
    Failure refused = failNextDescribe;
    if (refused != null) {
      failNextDescribe = null;
      throw refused == Failure.QUEUED
          ? BackupStoreException.queued("DescribeTable", java.time.Duration.ofMillis(50))
          : new BackupStoreException(refused, null, "DescribeTable failed: " + refused, null);
    }
    describeCalls.incrementAndGet();
    failIfAsked("DescribeTable");
    if (!tables.containsKey(tableName)) {
      throw new BackupStoreException(Failure.TABLE_NOT_FOUND, null, "no table " + tableName, null);
    }
    return ARN_PREFIX + tableName;
  }

  @Override
  public synchronized Map<String, String> tags(TableTarget scope, String tableArn) {
    tagCalls.incrementAndGet();
    failIfAsked("ListTagsOfResource");
    if (!tableArn.startsWith(ARN_PREFIX)) {
      throw new BackupStoreException(Failure.TABLE_NOT_FOUND, null, "no table " + tableArn, null);
    }
    String tableName = tableArn.substring(ARN_PREFIX.length());
    Map<String, String> tags = tables.get(tableName);
    if (tags == null) {
      throw new BackupStoreException(Failure.TABLE_NOT_FOUND, null, "no table " + tableName, null);
    }
    return Map.copyOf(tags);
  }

  private void failIfAsked(String call) {
    Failure failure = failNext;
    if (failure != null) {
      failNext = null;
      throw new BackupStoreException(failure, null, call + " failed: " + failure, null);
    }
  }
}
