package io.ddbbackup.operator.policy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One discovery: every page of ListTables, then the tags of only the tables whose name the
 * selection lets through, and only when it has tag conditions. A selector of names alone costs one
 * call per 100 tables; tag conditions add one ListTagsOfResource per table whose name matches.
 */
public final class Discovery {

  private Discovery() {}

  /** The tables of {@code scope} that {@code selection} selects, by name, in listing order. */
  public static List<String> selected(
      TableCatalog catalog, TableTarget scope, Selection selection) {
    List<String> selected = new ArrayList<>();
    String arnPrefix = null; // arn:<partition>:dynamodb:<region>:<account>:table/
    String start = null;
    do {
      TableCatalog.Page page = catalog.listTables(scope, start);
      for (String table : page.tableNames()) {
        if (!selection.nameMatches(table)) {
          continue;
        }
        Map<String, String> tags;
        try {
          if (!selection.needsTags()) {
            tags = Map.of();
          } else {
            if (arnPrefix == null) {
              String arn = catalog.tableArn(scope, table);
              arnPrefix = arn.substring(0, arn.length() - table.length());
            }
            tags = catalog.tags(scope, arnPrefix + table);
          }
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
