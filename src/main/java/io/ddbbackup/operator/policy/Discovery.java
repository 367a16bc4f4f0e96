package io.ddbbackup.operator.policy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One discovery: every page of ListTables, and, when the selection has tag conditions, the tags of
 * the region's tagged tables read in pages of 100 from the Resource Groups Tagging API
 * (GetResources). A selector of names alone costs one call per 100 tables; tag conditions add one
 * call per 100 tagged tables. Where {@code tag:GetResources} is refused, the tags of each table
 * whose name matches are read with ListTagsOfResource instead (one call per table, and one
 * DescribeTable for the account's ARN prefix), and the result says why.
 */
public final class Discovery {

  private Discovery() {}

  /** How a discovery read the tags. */
  public enum TagSource {
    /** The Resource Groups Tagging API, 100 tables a page. */
    GetResources,
    /** DynamoDB's ListTagsOfResource, one table a call: GetResources was refused. */
    ListTagsOfResource
  }

  /**
   * What a discovery found.
   *
   * @param selected the tables selected, by name, in listing order
   * @param tagSource how tags were read; null when the selection has no tag condition
   * @param tagSourceWhy why tags were read one table at a time (the refusal), or null
   */
  public record Result(List<String> selected, TagSource tagSource, String tagSourceWhy) {
    public Result {
      selected = List.copyOf(selected);
    }
  }

  /** The tables of {@code scope} that {@code selection} selects, by name, in listing order. */
  public static List<String> selected(
      TableCatalog catalog, TableTarget scope, Selection selection) {
    return discover(catalog, scope, selection).selected();
  }

  /** The tables of {@code scope} that {@code selection} selects, and how their tags were read. */
  public static Result discover(TableCatalog catalog, TableTarget scope, Selection selection) {
    if (!selection.needsTags()) {
      return new Result(listed(catalog, scope, selection, table -> Map.of()), null, null);
    }
    Map<String, Map<String, String>> tagged;
    try {
      tagged = tagged(catalog, scope);
    } catch (BackupStoreException e) {
      if (e.failure() != Failure.ACCESS_DENIED) {
        throw e;
      }
      return new Result(
          listed(catalog, scope, selection, new OneByOne(catalog, scope)),
          TagSource.ListTagsOfResource,
          e.getMessage());
    }
    // a table in no page was never tagged: it has no tags
    return new Result(
        listed(catalog, scope, selection, table -> tagged.getOrDefault(table, Map.of())),
        TagSource.GetResources,
        null);
  }

  /** Every page of GetResources: the tagged tables' tags, by name. */
  private static Map<String, Map<String, String>> tagged(TableCatalog catalog, TableTarget scope) {
    Map<String, Map<String, String>> tags = new HashMap<>();
    String token = null;
    do {
      TableCatalog.TaggedPage page = catalog.taggedTables(scope, token);
      tags.putAll(page.tagsByTable());
      token = page.next();
    } while (token != null);
    return tags;
  }

  /** Where a table's tags come from; may throw TABLE_NOT_FOUND (deleted since it was listed). */
  private interface Tags {
    Map<String, String> of(String table);
  }

  /** ListTagsOfResource per table, after one DescribeTable for the account's ARN prefix. */
  private static final class OneByOne implements Tags {
    private final TableCatalog catalog;
    private final TableTarget scope;
    private String arnPrefix; // arn:<partition>:dynamodb:<region>:<account>:table/

    OneByOne(TableCatalog catalog, TableTarget scope) {
      this.catalog = catalog;
      this.scope = scope;
    }

    @Override
    public Map<String, String> of(String table) {
      if (arnPrefix == null) {
        String arn = catalog.tableArn(scope, table);
        arnPrefix = arn.substring(0, arn.length() - table.length());
      }
      return catalog.tags(scope, arnPrefix + table);
    }
  }

  private static List<String> listed(
      TableCatalog catalog, TableTarget scope, Selection selection, Tags tagsOf) {
    List<String> selected = new ArrayList<>();
    String start = null;
    do {
      TableCatalog.Page page = catalog.listTables(scope, start);
      for (String table : page.tableNames()) {
        if (!selection.nameMatches(table)) {
          continue;
        }
        Map<String, String> tags;
        try {
          tags = tagsOf.of(table);
        } catch (BackupStoreException e) {
          if (e.failure() == Failure.TABLE_NOT_FOUND) {
            continue; // deleted since it was listed: not there to back up
          }
          throw e;
        }
        if (selection.matches(table, tags)) {
          selected.add(table);
        }
      }
      start = page.lastEvaluated();
    } while (start != null);
    return selected;
  }
}
