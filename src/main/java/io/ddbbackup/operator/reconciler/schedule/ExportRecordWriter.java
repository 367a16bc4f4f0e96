package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.export.ChainKeys;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportWindow;

/**
 * Writes the record beside each completed export (PutObject into the export bucket), so that the
 * bucket and prefix alone are enough to restore: the table's shape ({@link ExportedTable}), the
 * window, the export, and the record of the export before it in the chain.
 */
final class ExportRecordWriter {

  private final ExportBucket bucket;
  private final ExportedTable table;

  /**
   * @param bucket the export bucket; null for an operator that writes no records
   */
  ExportRecordWriter(ExportBucket bucket, ExportedTable table) {
    this.bucket = bucket;
    this.table = table;
  }

  /** False for an operator without an export bucket: no record, no protections. */
  boolean hasBucket() {
    return bucket != null;
  }

  /**
   * The record beside {@code export}, before the chain moves past it; a failure is thrown, and
   * keeps the export in flight (ChainAdvance), so no link of the chain in status lacks its record.
   */
  void write(Step step, ExportWindow window, Export export) {
    if (bucket == null) {
      return;
    }
    ExportSettings want = step.settings().export();
    var meta = step.resource().getMetadata();
    ExportRecord record =
        ExportRecord.of(
            want.destination(),
            window,
            export,
            table.shapeFor(step, window, export),
            previousKey(step.state().offsite(), window, want.destination().prefix()),
            new ExportRecord.ScheduleRef(meta.getNamespace(), meta.getName(), meta.getUid()));
    bucket.writeRecord(step.settings().target(), want.destination(), record);
  }

  /**
   * The key of the record an incremental export over {@code window} follows: the last export the
   * chain completed, which ended where this window starts (the base, or an incremental); null for a
   * full export, which starts a chain of its own.
   */
  static String previousKey(OffsiteChain offsite, ExportWindow window, String prefix) {
    if (window.kind() == ExportKind.FULL || offsite.lastExportArn() == null) {
      return null;
    }
    OffsiteChain.Base base = offsite.base();
    ExportKind kind =
        base != null && offsite.lastExportArn().equals(base.arn())
            ? ExportKind.FULL
            : ExportKind.INCREMENTAL;
    return ChainKeys.recordKey(
        prefix, window.from(), kind, ChainKeys.exportId(offsite.lastExportArn()));
  }
}
