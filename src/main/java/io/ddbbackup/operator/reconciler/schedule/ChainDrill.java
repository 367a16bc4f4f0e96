package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.ExportDrillStatus;
import io.ddbbackup.operator.reconciler.StatusTimes;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the drills of the export chain did and are doing, as values: {@code
 * status.verification.export}. A drill under way has a {@code restoreName}: the DynamoDBRestore it
 * made (Restoring), then deletes with its scratch table (Cleaning).
 */
record ChainDrill(
    String restoreName,
    String scratchTable,
    Phase phase,
    Instant startTime,
    Long restoreSeconds,
    Instant restoredPoint,
    String result,
    String message,
    Instant lastDrillTime,
    Instant lastVerifiedTime,
    String lastVerifyResult,
    String lastVerifyMessage,
    Long lastRestoreSeconds,
    Instant lastRestoredPoint,
    String lastDrillTrigger) {

  static final ChainDrill NONE = new Edit(null).done();

  enum Phase {
    Restoring,
    Cleaning
  }

  ChainDrill {
    startTime = StatusTimes.seconds(startTime);
    restoredPoint = StatusTimes.seconds(restoredPoint);
    lastDrillTime = StatusTimes.seconds(lastDrillTime);
    lastVerifiedTime = StatusTimes.seconds(lastVerifiedTime);
    lastRestoredPoint = StatusTimes.seconds(lastRestoredPoint);
  }

  boolean underWay() {
    return restoreName != null;
  }

  /** A drill slot acted on (a drill started, or skipped). */
  ChainDrill withSlot(Instant slot) {
    return with(e -> e.lastDrillTime = slot);
  }

  /** A drill-now value acted on. */
  ChainDrill withTrigger(String value) {
    return with(e -> e.lastDrillTrigger = value);
  }

  /** Recorded before the DynamoDBRestore is made, so a crash never loses it. */
  ChainDrill started(String restore, String scratch, Instant at) {
    return with(
        e -> {
          e.restoreName = restore;
          e.scratchTable = scratch;
          e.phase = Phase.Restoring;
          e.startTime = at;
        });
  }

  /** The restore is over: the result to record once the restore and its table are gone. */
  ChainDrill cleaning(String outcome, String why, Long seconds, Instant point) {
    return with(
        e -> {
          e.phase = Phase.Cleaning;
          e.result = outcome;
          e.message = why;
          e.restoreSeconds = seconds;
          e.restoredPoint = point;
        });
  }

  /** The drill is over (or was skipped): its result becomes the last one. */
  ChainDrill ended(Instant at, String outcome, String why) {
    return with(
        e -> {
          e.lastVerifiedTime = at;
          e.lastVerifyResult = outcome;
          e.lastVerifyMessage = why;
          if (restoreSeconds != null) {
            e.lastRestoreSeconds = restoreSeconds;
          }
          if (restoredPoint != null) {
            e.lastRestoredPoint = restoredPoint;
          }
          e.restoreName = null;
          e.scratchTable = null;
          e.phase = null;
          e.startTime = null;
          e.restoreSeconds = null;
          e.restoredPoint = null;
          e.result = null;
          e.message = null;
        });
  }

  static ChainDrill of(ExportDrillStatus s) {
    if (s == null) {
      return NONE;
    }
    return new ChainDrill(
        s.getRestoreName(),
        s.getScratchTable(),
        s.getPhase() == null ? null : phase(s.getPhase()),
        StatusTimes.parse(s.getStartTime()),
        s.getRestoreSeconds(),
        StatusTimes.parse(s.getRestoredPoint()),
        s.getResult(),
        s.getMessage(),
        StatusTimes.parse(s.getLastDrillTime()),
        StatusTimes.parse(s.getLastVerifiedTime()),
        s.getLastVerifyResult(),
        s.getLastVerifyMessage(),
        s.getLastRestoreSeconds(),
        StatusTimes.parse(s.getLastRestoredPoint()),
        s.getLastDrillTrigger());
  }

  /** The status, or null when no drill of the chain ever ran. */
  ExportDrillStatus toStatus() {
    if (equals(NONE)) {
      return null;
    }
    ExportDrillStatus s = new ExportDrillStatus();
    s.setRestoreName(restoreName);
    s.setScratchTable(scratchTable);
    s.setPhase(phase == null ? null : phase.name());
    s.setStartTime(StatusTimes.format(startTime));
    s.setRestoreSeconds(restoreSeconds);
    s.setRestoredPoint(StatusTimes.format(restoredPoint));
    s.setResult(result);
    s.setMessage(message);
    s.setLastDrillTime(StatusTimes.format(lastDrillTime));
    s.setLastVerifiedTime(StatusTimes.format(lastVerifiedTime));
    s.setLastVerifyResult(lastVerifyResult);
    s.setLastVerifyMessage(lastVerifyMessage);
    s.setLastRestoreSeconds(lastRestoreSeconds);
    s.setLastRestoredPoint(StatusTimes.format(lastRestoredPoint));
    s.setLastDrillTrigger(lastDrillTrigger);
    return s;
  }

  private static Phase phase(String text) {
    for (Phase p : Phase.values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    return Phase.Cleaning; // unknown: end it, deleting only what is provably ours
  }

  private ChainDrill with(Consumer<Edit> change) {
    Edit e = new Edit(this);
    change.accept(e);
    return e.done();
  }

  private static final class Edit {
    String restoreName;
    String scratchTable;
    Phase phase;
    Instant startTime;
    Long restoreSeconds;
    Instant restoredPoint;
    String result;
    String message;
    Instant lastDrillTime;
    Instant lastVerifiedTime;
    String lastVerifyResult;
    String lastVerifyMessage;
    Long lastRestoreSeconds;
    Instant lastRestoredPoint;
    String lastDrillTrigger;

    Edit(ChainDrill d) {
      if (d == null) {
        return;
      }
      restoreName = d.restoreName;
      scratchTable = d.scratchTable;
      phase = d.phase;
      startTime = d.startTime;
      restoreSeconds = d.restoreSeconds;
      restoredPoint = d.restoredPoint;
      result = d.result;
      message = d.message;
      lastDrillTime = d.lastDrillTime;
      lastVerifiedTime = d.lastVerifiedTime;
      lastVerifyResult = d.lastVerifyResult;
      lastVerifyMessage = d.lastVerifyMessage;
      lastRestoreSeconds = d.lastRestoreSeconds;
      lastRestoredPoint = d.lastRestoredPoint;
      lastDrillTrigger = d.lastDrillTrigger;
    }

    ChainDrill done() {
      return new ChainDrill(
          restoreName,
          scratchTable,
          phase,
          startTime,
          restoreSeconds,
          restoredPoint,
          result,
          message,
          lastDrillTime,
          lastVerifiedTime,
          lastVerifyResult,
          lastVerifyMessage,
          lastRestoreSeconds,
          lastRestoredPoint,
          lastDrillTrigger);
    }
  }
}
