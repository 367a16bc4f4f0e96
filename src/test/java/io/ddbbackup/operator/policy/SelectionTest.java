package io.ddbbackup.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tables a selector selects, one line of data per case. */
class SelectionTest {

  /**
   * names: table name patterns (| between); all/any/none: k=v conditions (| between); tags: the
   * table's tags; expected: selected or not. Each line is read as AWS Backup reads its conditions.
   */
  @ParameterizedTest(name = "{0} tags [{5}] names [{1}] all [{2}] any [{3}] none [{4}] -> {6}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      value = {
        // no part given: every table
        "orders; -; -; -; -; -; true",
        // names alone
        "orders; ord*; -; -; -; -; true",
        "orders; pay*|ord*; -; -; -; -; true",
        "payments; ord*; -; -; -; -; false",
        "Orders; ord*; -; -; -; -; false", // case-sensitive, as table names are
        "orders; orders; -; -; -; -; true",
        "orders-2; orders; -; -; -; -; false", // a pattern matches the whole name
        // allOf: every condition, exact or wildcard
        "t1; -; backup=daily; -; -; backup=daily; true",
        "t1; -; backup=daily; -; -; backup=Daily; false", // values are case-sensitive
        "t1; -; backup=daily|env=prod; -; -; backup=daily; false",
        "t1; -; backup=daily|env=prod-*; -; -; backup=daily|env=prod-eu; true",
        "t1; -; env=*; -; -; team=a; false", // * asks the tag be present
        "t1; -; env=*; -; -; env=; true", // ... with any value, an empty one too
        // anyOf: at least one
        "t1; -; -; env=prod|env=stage; -; env=stage; true",
        "t1; -; -; env=prod|env=stage; -; env=dev; false",
        "t1; -; -; env=prod|env=stage; -; -; false",
        // noneOf: none
        "t1; -; -; -; backup=off; backup=off; false",
        "t1; -; -; -; backup=off; backup=daily; true",
        "t1; -; -; -; backup=off; -; true",
        "t1; -; -; -; temp=*; temp=yes; false",
        // every given part must match
        "orders; ord*; backup=daily; env=prod|env=stage; pii=*; backup=daily|env=prod; true",
        "orders; ord*; backup=daily; env=prod|env=stage; pii=*; backup=daily|env=prod|pii=y; false",
        "orders; ord*; backup=daily; env=prod|env=stage; pii=*; backup=daily|env=dev; false",
        "payments; ord*; backup=daily; env=prod|env=stage; pii=*; backup=daily|env=prod; false",
        // a key must match exactly, no pattern in keys
        "t1; -; env*=prod; -; -; environment=prod; false",
      })
  void selectsATableOnlyWhenEveryGivenPartMatches(
      String table,
      String names,
      String allOf,
      String anyOf,
      String noneOf,
      String tags,
      boolean expected) {
    Selection selection =
        new Selection(
            names == null ? null : Arrays.asList(names.split("\\|")),
            rules(allOf),
            rules(anyOf),
            rules(noneOf));
    assertThat(selection.matches(table, tags(tags))).isEqualTo(expected);
  }

  private static List<TagRule> rules(String text) {
    if (text == null) {
      return null;
    }
    return Arrays.stream(text.split("\\|"))
        .map(kv -> kv.split("=", -1))
        .map(kv -> new TagRule(kv[0], kv[1]))
        .toList();
  }

  private static Map<String, String> tags(String text) {
    Map<String, String> tags = new HashMap<>();
    if (text != null) {
      for (String kv : text.split("\\|")) {
        String[] parts = kv.split("=", -1);
        tags.put(parts[0], parts[1]);
      }
    }
    return tags;
  }
}
