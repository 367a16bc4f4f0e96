package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DrillStatus;
import io.ddbbackup.operator.api.VerificationStatus;
import io.ddbbackup.operator.reconciler.StatusTimes;
import java.time.Instant;

/**
 * What a schedule's restore drills did and are doing, as values: {@code status.verification}.
 *
 * @param drill the drill under way; null when none
 * @param lastDrillTime the drill slot last acted on
 * @param lastPassedBackupName the newest backup a drill verified, which retention never prunes
 */
record Verification(
    Drill drill,
    Instant lastDrillTime,
    Instant nextDrillTime,
    String lastVerifiedBackupName,
    Instant lastVerifiedTime,
    String lastVerifyResult,
    String lastVerifyMessage,
    Long lastRestoreSeconds,
    String lastPassedBackupName,
    Instant lastPassedTime,
    String lastDrillTrigger) {

  static final Verification NONE =
      new Verification(null, null, null, null, null, null, null, null, null, null, null);

  Verification {
    lastDrillTime = StatusTimes.seconds(lastDrillTime);
    nextDrillTime = StatusTimes.seconds(nextDrillTime);
    lastVerifiedTime = StatusTimes.seconds(lastVerifiedTime);
    lastPassedTime = StatusTimes.seconds(lastPassedTime);
  }

  /** One drill: a backup restored into a scratch table, checked, and the table deleted. */
  record Drill(
      Phase phase,
      String backupName,
      String backupArn,
      String scratchTable,
      Instant startTime,
      Long restoreSeconds,
      String result,
      String message) {

    Drill {
      startTime = StatusTimes.seconds(startTime);
    }

    enum Phase {
      Restoring,
      Checking,
      Cleaning
    }

    /** A drill of {@code backupName} into {@code scratchTable}, restoring since {@code start}. */
    static Drill restoring(
        String backupName, String backupArn, String scratchTable, Instant start) {
      return new Drill(
          Phase.Restoring, backupName, backupArn, scratchTable, start, null, null, null);
    }

    /** Restored after {@code seconds}: the checks come next. */
    Drill checking(long seconds) {
      return new Drill(
          Phase.Checking, backupName, backupArn, scratchTable, startTime, seconds, null, null);
    }

    Drill cleaning(String outcome, String why) {
      return new Drill(
          Phase.Cleaning,
          backupName,
          backupArn,
          scratchTable,
          startTime,
          restoreSeconds,
          outcome,
          why);
    }
  }

  static Verification of(VerificationStatus s) {
    if (s == null) {
      return NONE;
    }
    DrillStatus d = s.getDrill();
    Drill drill =
        d == null
            ? null
            : new Drill(
                phase(d.getPhase()),
                d.getBackupName(),
                d.getBackupArn(),
                d.getScratchTable(),
                StatusTimes.parse(d.getStartTime()),
                d.getRestoreSeconds(),
                d.getResult(),
                d.getMessage());
    return new Verification(
        drill,
        StatusTimes.parse(s.getLastDrillTime()),
        StatusTimes.parse(s.getNextDrillTime()),
        s.getLastVerifiedBackupName(),
        StatusTimes.parse(s.getLastVerifiedTime()),
        s.getLastVerifyResult(),
        s.getLastVerifyMessage(),
        s.getLastRestoreSeconds(),
        s.getLastPassedBackupName(),
        StatusTimes.parse(s.getLastPassedTime()),
        s.getLastDrillTrigger());
  }

  /** The status, or null when drills never ran (a schedule without spec.verify shows none). */
  VerificationStatus toStatus() {
    if (equals(NONE)) {
      return null;
    }
    VerificationStatus s = new VerificationStatus();
    if (drill != null) {
      DrillStatus d = new DrillStatus();
      d.setPhase(drill.phase().name());
      d.setBackupName(drill.backupName());
      d.setBackupArn(drill.backupArn());
      d.setScratchTable(drill.scratchTable());
      d.setStartTime(StatusTimes.format(drill.startTime()));
      d.setRestoreSeconds(drill.restoreSeconds());
      d.setResult(drill.result());
      d.setMessage(drill.message());
      s.setDrill(d);
    }
    s.setLastDrillTime(StatusTimes.format(lastDrillTime));
    s.setNextDrillTime(StatusTimes.format(nextDrillTime));
    s.setLastVerifiedBackupName(lastVerifiedBackupName);
    s.setLastVerifiedTime(StatusTimes.format(lastVerifiedTime));
    s.setLastVerifyResult(lastVerifyResult);
    s.setLastVerifyMessage(lastVerifyMessage);
    s.setLastRestoreSeconds(lastRestoreSeconds);
    s.setLastPassedBackupName(lastPassedBackupName);
    s.setLastPassedTime(StatusTimes.format(lastPassedTime));
    s.setLastDrillTrigger(lastDrillTrigger);
    return s;
  }

  Verification withDrill(Drill d) {
    return new Verification(
        d,
        lastDrillTime,
        nextDrillTime,
        lastVerifiedBackupName,
        lastVerifiedTime,
        lastVerifyResult,
        lastVerifyMessage,
        lastRestoreSeconds,
        lastPassedBackupName,
        lastPassedTime,
        lastDrillTrigger);
  }

  Verification withSlots(Instant last, Instant next) {
    return new Verification(
        drill,
        last,
        next,
        lastVerifiedBackupName,
        lastVerifiedTime,
        lastVerifyResult,
        lastVerifyMessage,
        lastRestoreSeconds,
        lastPassedBackupName,
        lastPassedTime,
        lastDrillTrigger);
  }

  /** A drill ended (or was skipped): its result becomes the last one, and no drill is under way. */
  Verification ended(String backupName, Instant at, String result, String message, Long seconds) {
    boolean passed = "Passed".equals(result);
    return new Verification(
        null,
        lastDrillTime,
        nextDrillTime,
        backupName,
        at,
        result,
        message,
        seconds != null ? seconds : lastRestoreSeconds,
        passed ? backupName : lastPassedBackupName,
        passed ? at : lastPassedTime,
        lastDrillTrigger);
  }

  /** A drill-now value acted on (a drill started for it, or the request refused). */
  Verification withTrigger(String value) {
    return new Verification(
        drill,
        lastDrillTime,
        nextDrillTime,
        lastVerifiedBackupName,
        lastVerifiedTime,
        lastVerifyResult,
        lastVerifyMessage,
        lastRestoreSeconds,
        lastPassedBackupName,
        lastPassedTime,
        value);
  }

  private static Drill.Phase phase(String text) {
    for (Drill.Phase p : Drill.Phase.values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    return Drill.Phase.Cleaning; // unknown: end it, deleting only what is provably ours
  }
}
