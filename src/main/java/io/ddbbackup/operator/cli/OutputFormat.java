package io.ddbbackup.operator.cli;

/** {@code -o}: a table for people, JSON or YAML for scripts (the same fields either way). */
public enum OutputFormat {
  table,
  json,
  yaml
}
