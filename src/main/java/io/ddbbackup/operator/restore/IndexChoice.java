package io.ddbbackup.operator.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which of a backup's secondary indexes a restore keeps. Pure. */
public final class IndexChoice {

  private IndexChoice() {}

  /**
   * The indexes to give DynamoDB as the override, or a problem naming the field.
   *
   * @param wanted the names asked for; null keeps every index (no override)
   * @param field the spec field, for the message
   */
  public record Result(List<IndexDefinition> indexes, String problem) {}

  public static Result select(List<IndexDefinition> available, List<String> wanted, String field) {
    if (wanted == null) {
      return new Result(null, null);
    }
    Set<String> names = available.stream().map(IndexDefinition::name).collect(Collectors.toSet());
    List<String> unknown = wanted.stream().filter(w -> !names.contains(w)).toList();
    if (!unknown.isEmpty()) {
      return new Result(
          null,
          "%s names %s, which the backup does not have (it has: %s)"
              .formatted(
                  field,
                  String.join(", ", unknown),
                  names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList())));
    }
    List<IndexDefinition> kept = new ArrayList<>();
    for (IndexDefinition index : available) {
      if (wanted.contains(index.name())) {
        kept.add(index);
      }
    }
    return new Result(kept, null);
  }
}
