package io.ddbbackup.operator.export;

import java.util.Comparator;
import java.util.Objects;

/**
 * The small record the operator writes beside each completed export ({@link ChainKeys}), so that a
 * restore needs the bucket and prefix alone: the table's shape, what the export covers, where its
 * data is, and the link to the export before it. JSON form: {@link ExportRecordJson}.
 *
 * @param window what the export covers (a full export's ExportTime, an incremental one's window)
 * @param exportArn DynamoDB's ARN of the export
 * @param prefix the S3 prefix the export was written under (DynamoDB's S3Prefix)
 * @param format the data files' format
 * @param itemCount the items exported (a full export: the table's items; an incremental one: the
 *     changed items)
 * @param billedBytes the bytes DynamoDB billed for it
 * @param manifest the key of AWS's {@code manifest-summary.json} when DynamoDB said it, else null
 * @param table the table's shape when the export was recorded
 * @param previous the key of the record of the export this one follows in the chain (for an
 *     incremental export, the one whose window ends where this one starts); null for a base
 * @param schedule the schedule that made it, for people reading the bucket; a restore never needs
 *     it; null when not made by a schedule
 */
public record ExportRecord(
    ExportWindow window,
    String exportArn,
    String prefix,
    ExportDestination.Format format,
    long itemCount,
    long billedBytes,
    String manifest,
    TableShape table,
    String previous,
    ScheduleRef schedule) {

  /**
   * The order of the chain, and of the records' keys: by the instant each export brings the table
   * to, a full export before an incremental one that ends at the same instant (the full one starts
   * a new base; a restore to that instant takes the base and needs no incremental before it).
   */
  public static final Comparator<ExportRecord> CHAIN_ORDER =
      Comparator.comparing((ExportRecord r) -> r.window().to())
          .thenComparing(r -> r.window().kind())
          .thenComparing(ExportRecord::exportId);

  /** Which schedule made the export: namespace, name and uid. */
  public record ScheduleRef(String namespace, String name, String uid) {}

  public ExportRecord {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(exportArn, "exportArn");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(table, "table");
    ChainKeys.exportId(exportArn); // refuses what is not an export ARN
    if (itemCount < 0 || billedBytes < 0) {
      throw new IllegalArgumentException("item count and billed bytes are never negative");
    }
  }

  /**
   * The record of {@code export}, completed, over {@code window}, written to {@code destination}.
   *
   * @param previous the key of the record before it in the chain, or null for a base
   */
  public static ExportRecord of(
      ExportDestination destination,
      ExportWindow window,
      Export export,
      TableShape table,
      String previous,
      ScheduleRef schedule) {
    if (export.state() != Export.State.COMPLETED) {
      throw new IllegalArgumentException(
          "only a completed export is recorded; " + export.arn() + " is " + export.state());
    }
    return new ExportRecord(
        window,
        export.arn(),
        destination.prefix(),
        destination.format(),
        export.itemCount() == null ? 0 : export.itemCount(),
        export.billedBytes() == null ? 0 : export.billedBytes(),
        export.manifest(),
        table,
        previous,
        schedule);
  }

  /** The id at the end of the export's ARN, which names its folder of data. */
  public String exportId() {
    return ChainKeys.exportId(exportArn);
  }

  /** Where DynamoDB wrote the export's files: {@code <prefix>/AWSDynamoDB/<export id>/}. */
  public String dataPrefix() {
    return ChainKeys.dataPrefix(prefix, exportId());
  }

  /** This record's key in the bucket. */
  public String key() {
    return ChainKeys.recordKey(prefix, window, exportId());
  }
}
