package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.export.ChainState;
import io.ddbbackup.operator.export.RecordedExport;

/**
 * The ARN an export's call answered, held in memory ({@link ScheduleMemory.Held#exportStarted}) and
 * not written: status records the window before the call and the export's outcome after it, two
 * writes per export. Lost with the process: a restarted one calls again with the same token, which
 * DynamoDB answers with the same export.
 */
final class HeldExportArn {

  private HeldExportArn() {}

  /** The chain with the ARN held for its recorded window, when this process has it. */
  static ChainState restored(ChainState chain, ScheduleMemory.Held held) {
    RecordedExport rec = chain.recorded();
    RecordedExport started = held.exportStarted;
    if (rec == null
        || rec.arn() != null
        || started == null
        || !started.window().equals(rec.window())
        || started.attempt() != rec.attempt()) {
      return chain;
    }
    return new ChainState(chain.chain(), rec.started(started.arn()));
  }

  /**
   * The chain to write: {@code next}, but while status records the window of a started export
   * without its ARN ({@code written}), the ARN is held and status keeps the record as it is.
   */
  static ChainState toWrite(ChainState written, ChainState next, ScheduleMemory.Held held) {
    RecordedExport rec = next.recorded();
    RecordedExport writtenRec = written.recorded();
    if (rec != null
        && rec.arn() != null
        && writtenRec != null
        && writtenRec.arn() == null
        && writtenRec.window().equals(rec.window())
        && writtenRec.attempt() == rec.attempt()) {
      held.exportStarted = rec;
      return new ChainState(next.chain(), writtenRec);
    }
    held.exportStarted = null;
    return next;
  }
}
