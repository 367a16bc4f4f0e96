package io.ddbbackup.operator.policy;

import java.util.List;
import java.util.Map;

/**
 * Which tables a policy selects, in AWS Backup's shape: a table is selected only when every part
 * given matches it. {@code tableNames}: its name matches one of the patterns; {@code allOf}: every
 * condition holds; {@code anyOf}: at least one holds; {@code noneOf}: none holds. A part that is
 * empty is not given; a selection with no part selects every table.
 */
public record Selection(
    List<String> tableNames, List<TagRule> allOf, List<TagRule> anyOf, List<TagRule> noneOf) {

  public Selection {
    tableNames = tableNames == null ? List.of() : List.copyOf(tableNames);
    allOf = allOf == null ? List.of() : List.copyOf(allOf);
    anyOf = anyOf == null ? List.of() : List.copyOf(anyOf);
    noneOf = noneOf == null ? List.of() : List.copyOf(noneOf);
  }

  /** Whether the name part lets this table through (true when no name pattern is given). */
  public boolean nameMatches(String tableName) {
    return tableNames.isEmpty() || tableNames.stream().anyMatch(g -> Globs.matches(g, tableName));
  }

  /** Whether the tags must be read to decide: false when no tag condition is given. */
  public boolean needsTags() {
    return !allOf.isEmpty() || !anyOf.isEmpty() || !noneOf.isEmpty();
  }

  /** Whether the table is selected. */
  public boolean matches(String tableName, Map<String, String> tags) {
    return nameMatches(tableName)
        && allOf.stream().allMatch(r -> r.holds(tags))
        && (anyOf.isEmpty() || anyOf.stream().anyMatch(r -> r.holds(tags)))
        && noneOf.stream().noneMatch(r -> r.holds(tags));
  }
}
