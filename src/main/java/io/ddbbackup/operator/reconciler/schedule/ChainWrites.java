package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.export.ChainAdvance;
import io.ddbbackup.operator.export.ChainState;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.Gap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * What {@link ChainAdvance} must have done before it goes on, for one reconcile: the status write
 * of a window before its call (with the gap a new base reports), and the record beside a completed
 * export before the chain moves past it. Holds the step those leave.
 */
final class ChainWrites implements ChainAdvance.Recorder {

  private final StatusRecorder recorder;
  private final ExportRecordWriter records;
  private final BucketProtectionsWatch protections;
  private final ExportReport report;
  private Step step;
  private boolean conflicted;

  ChainWrites(
      Step step,
      StatusRecorder recorder,
      ExportRecordWriter records,
      BucketProtectionsWatch protections,
      ExportReport report) {
    this.step = step;
    this.recorder = recorder;
    this.records = records;
    this.protections = protections;
    this.report = report;
  }

  /** The step as the writes left it. */
  Step step() {
    return step;
  }

  /** True when a write met a newer version of the schedule (409): nothing was called. */
  boolean conflicted() {
    return conflicted;
  }

  @Override
  public boolean record(ChainState recorded) {
    return record(recorded, null);
  }

  /**
   * Writes the record beside the completed export (the bucket alone is then enough to restore), and
   * with a new base reads what guards it; a failure keeps the export in flight (ChainAdvance).
   */
  @Override
  public void completed(ExportWindow window, Export export) {
    if (!records.hasBucket()) {
      return;
    }
    records.write(step, window, export);
    if (window.kind() == ExportKind.FULL) {
      step = protections.read(step, step.settings().export());
    }
  }

  @Override
  public boolean record(ChainState recorded, Gap gap) {
    OffsiteChain next = step.state().offsite().with(recorded);
    String gapMessage = null;
    if (gap != null) {
      next = next.gap(gap);
      gapMessage = ExportReport.gapMessage(step, gap);
    }
    OffsiteChain written = next;
    Step told = step.with(step.state().with(s -> s.offsite = written));
    if (gapMessage != null) {
      told = told.withCondition(OffsiteExport.CONDITION, "False", OffsiteExport.GAP, gapMessage);
    }
    try {
      DynamoDBBackupSchedule resource = recorder.write(told.resource(), told.state());
      step = told.written(resource);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      conflicted = true;
      return false;
    }
    if (gapMessage != null) {
      report.gap(step, gapMessage);
    }
    return true;
  }
}
