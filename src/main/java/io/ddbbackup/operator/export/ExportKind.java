package io.ddbbackup.operator.export;

/** The two kinds of DynamoDB export a chain is made of. */
public enum ExportKind {
  /** The table as it was at one instant: the base of a chain. */
  FULL,
  /** The changes in a window {@code [from, to)}: one link of the chain after its base. */
  INCREMENTAL
}
