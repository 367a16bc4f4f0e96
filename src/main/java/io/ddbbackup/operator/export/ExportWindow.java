package io.ddbbackup.operator.export;

import java.time.Instant;
import java.util.Objects;

/**
 * What one export covers. A full export is the table at {@code to} (its {@code ExportTime}) and has
 * no {@code from}; an incremental export holds the changes from {@code from} to {@code to} ({@code
 * ExportFromTime}, {@code ExportToTime}). Whole seconds, so that a window written to status and
 * read back is the same window and derives the same client token.
 */
public record ExportWindow(ExportKind kind, Instant from, Instant to) {

  public ExportWindow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(to, "to");
    if ((kind == ExportKind.FULL) != (from == null)) {
      throw new IllegalArgumentException("a full export has no from, an incremental one has one");
    }
    if (from != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("an incremental window must end after it starts");
    }
    if (to.getNano() != 0 || (from != null && from.getNano() != 0)) {
      throw new IllegalArgumentException("export windows are whole seconds");
    }
  }

  public static ExportWindow full(Instant exportTime) {
    return new ExportWindow(ExportKind.FULL, null, exportTime);
  }

  public static ExportWindow incremental(Instant from, Instant to) {
    return new ExportWindow(ExportKind.INCREMENTAL, from, to);
  }

  @Override
  public String toString() {
    return kind == ExportKind.FULL ? "full at " + to : "incremental " + from + " to " + to;
  }
}
