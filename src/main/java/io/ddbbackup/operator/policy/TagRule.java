package io.ddbbackup.operator.policy;

import java.util.Map;

/**
 * One tag condition: the table has the tag {@code key} and its value matches {@code value} (exact,
 * or a pattern with {@code *}; {@code *} alone asks only that the tag be present).
 */
public record TagRule(String key, String value) {

  public boolean holds(Map<String, String> tags) {
    String actual = tags.get(key);
    return actual != null && Globs.matches(value, actual);
  }
}
