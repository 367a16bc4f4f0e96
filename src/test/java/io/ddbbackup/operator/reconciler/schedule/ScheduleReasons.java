package io.ddbbackup.operator.reconciler.schedule;

import java.util.Arrays;
import java.util.List;

/**
 * The condition reasons the schedule reconciler writes, for tests outside this package that must
 * follow them (the Argo CD health check, the CRD's descriptions): a renamed reason changes what
 * those tests feed in, so a script or a description left behind fails there.
 */
public final class ScheduleReasons {

  public static final String VERIFIED = DrillOutcome.VERIFIED;
  public static final String EXPORTED = OffsiteExport.CONDITION;
  public static final String EXPORT_COMPLETED = OffsiteExport.COMPLETED;
  public static final String EXPORT_FAILED = OffsiteExport.FAILED;
  public static final String EXPORT_GAP = OffsiteExport.GAP;
  public static final String EXPORT_PITR_OFF = OffsiteExport.PITR_OFF;
  public static final String DRILL_PASSED = DrillOutcome.PASSED;
  public static final String DRILL_FAILED = DrillOutcome.FAILED;
  public static final String DRILL_SKIPPED = DrillOutcome.SKIPPED;
  public static final String DRILL_ERROR = DrillOutcome.DRILL_ERROR;

  private ScheduleReasons() {}

  /** Every reason of the Ready condition. */
  public static List<String> ready() {
    return Arrays.stream(ReadyReason.values()).map(r -> r.reason()).toList();
  }
}
