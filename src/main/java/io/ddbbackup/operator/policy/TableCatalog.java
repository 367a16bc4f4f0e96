package io.ddbbackup.operator.policy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.List;
import java.util.Map;

/**
 * The tables of an account and region and their tags: the port a policy's discovery reads through
 * ({@code aws} implements it; every call is rate-limited and metered like the others). Failures are
 * {@link BackupStoreException}s.
 */
public interface TableCatalog {

  /**
   * One page of ListTables (up to 100 names).
   *
   * @param scope the region and role (its table is ignored)
   * @param exclusiveStart the last name of the previous page, or null for the first page
   */
  Page listTables(TableTarget scope, String exclusiveStart);

  /**
   * DescribeTable of {@code tableName}: its ARN (the one way to learn the account ListTables lists,
   * which ListTagsOfResource needs). Throws TABLE_NOT_FOUND.
   */
  String tableArn(TableTarget scope, String tableName);

  /** ListTagsOfResource of the table {@code tableArn}, every page. Throws TABLE_NOT_FOUND. */
  Map<String, String> tags(TableTarget scope, String tableArn);

  /**
   * One page of the Resource Groups Tagging API's GetResources for DynamoDB tables in the scope's
   * region and account: up to 100 tables that carry tags (or once did), with their tags. A table
   * never tagged is in no page. Throws ACCESS_DENIED where {@code tag:GetResources} is not allowed.
   *
   * @param paginationToken the previous page's token, or null for the first page
   */
  TaggedPage taggedTables(TableTarget scope, String paginationToken);

  /**
   * One page of table names.
   *
   * @param lastEvaluated where the next page starts, or null on the last page
   */
  record Page(List<String> tableNames, String lastEvaluated) {
    public Page {
      tableNames = List.copyOf(tableNames);
    }
  }

  /**
   * One page of tagged tables.
   *
   * @param tagsByTable each table's tags, by table name
   * @param next the token of the next page, or null on the last page
   */
  record TaggedPage(Map<String, Map<String, String>> tagsByTable, String next) {
    public TaggedPage {
      tagsByTable = Map.copyOf(tagsByTable);
    }
  }
}
