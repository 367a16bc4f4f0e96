package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;

/**
 * What the reconciler tells the metrics about each schedule. The implementation lives in the app
 * (Micrometer); every method does nothing unless overridden, and tests that don't care use {@link
 * #NONE}.
 */
public interface ScheduleMetrics {

  /** Identifies a schedule's series. */
  record Key(String namespace, String name, String table) {}

  /**
   * The recovery posture a reconcile saw; null fields mean "not known" or "not managed".
   *
   * @param pitrWanted spec.pointInTimeRecovery.enabled; null when the spec leaves it alone
   * @param pitrEnabled the table's point-in-time recovery was on when last checked
   * @param latestRestorable its latest restorable time when last checked; null while off
   * @param newestBackup the creation time of the newest AVAILABLE backup the schedule owns
   * @param retainedBytes the sizes of the backups the schedule owns, summed
   */
  record RecoveryPoint(
      Boolean pitrWanted,
      Boolean pitrEnabled,
      Instant latestRestorable,
      Instant newestBackup,
      Long retainedBytes) {

    public static final RecoveryPoint NONE = new RecoveryPoint(null, null, null, null, null);

    /** The newest point the table can be brought back to; null when there is none. */
    public Instant newest() {
      Instant pitr = Boolean.TRUE.equals(pitrEnabled) ? latestRestorable : null;
      if (pitr == null) {
        return newestBackup;
      }
      return newestBackup == null || pitr.isAfter(newestBackup) ? pitr : newestBackup;
    }
  }

  /**
   * What a reconcile of a valid schedule saw; null fields mean "not known".
   *
   * @param lastSuccess when the newest backup was seen AVAILABLE
   * @param nextSlot the next slot; null while suspended
   * @param backupCount the schedule's backups, counted after its last backup
   * @param ready the Ready condition is True
   * @param lastVerified when a restore drill last passed; null when none has
   * @param verifyPeriod the time between two drill slots; null when the schedule runs no drills
   * @param recovery point-in-time recovery and what the owned backups hold
   * @param lastChainVerified when a drill of the export chain last passed; null when none has
   * @param verifySource what the drills restore; null when the schedule runs no drills
   */
  record Observation(
      CronSchedule cron,
      boolean suspended,
      Instant createdAt,
      Instant lastSuccess,
      Instant nextSlot,
      Integer backupCount,
      boolean ready,
      Instant lastVerified,
      Duration verifyPeriod,
      RecoveryPoint recovery,
      Instant lastChainVerified,
      VerifySettings.Source verifySource) {

    public Observation {
      recovery = recovery == null ? RecoveryPoint.NONE : recovery;
    }

    /** Drills of backups only (when there is a period). */
    public Observation(
        CronSchedule cron,
        boolean suspended,
        Instant createdAt,
        Instant lastSuccess,
        Instant nextSlot,
        Integer backupCount,
        boolean ready,
        Instant lastVerified,
        Duration verifyPeriod,
        RecoveryPoint recovery) {
      this(
          cron,
          suspended,
          createdAt,
          lastSuccess,
          nextSlot,
          backupCount,
          ready,
          lastVerified,
          verifyPeriod,
          recovery,
          null,
          verifyPeriod == null ? null : VerifySettings.Source.BACKUP);
    }

    /** Without what the recovery posture holds. */
    public Observation(
        CronSchedule cron,
        boolean suspended,
        Instant createdAt,
        Instant lastSuccess,
        Instant nextSlot,
        Integer backupCount,
        boolean ready,
        Instant lastVerified,
        Duration verifyPeriod) {
      this(
          cron,
          suspended,
          createdAt,
          lastSuccess,
          nextSlot,
          backupCount,
          ready,
          lastVerified,
          verifyPeriod,
          RecoveryPoint.NONE);
    }

    /** A schedule that runs no restore drills. */
    public Observation(
        CronSchedule cron,
        boolean suspended,
        Instant createdAt,
        Instant lastSuccess,
        Instant nextSlot,
        Integer backupCount,
        boolean ready) {
      this(cron, suspended, createdAt, lastSuccess, nextSlot, backupCount, ready, null, null);
    }
  }

  /**
   * The state after a reconcile of a valid schedule. Gauges that depend on the time (is the newest
   * due slot overdue?) are computed when scraped, since nothing reconciles between slots.
   */
  default void observed(Key key, Observation seen) {}

  /** A schedule whose spec is invalid: it is not ready and nothing about its slots is known. */
  default void invalid(Key key) {}

  default void backupCreated(Key key) {}

  default void backupFailed(Key key, String reason) {}

  default void backupsPruned(Key key, int count) {}

  default void slotsMissed(Key key, long count) {}

  /**
   * A restore drill ended.
   *
   * @param source what it restored: {@code backup}, or {@code export} (the export chain)
   * @param result Passed, Failed or Skipped
   * @param restoreSeconds the measured time to restore; null when it never restored
   */
  default void drillFinished(Key key, String source, String result, Long restoreSeconds) {}

  /** The schedule is gone: its series must disappear. */
  default void forget(String namespace, String name) {}

  /**
   * The off-site recovery point: every change up to {@code gapFreeThrough} is in the export bucket
   * (null: no export completed yet, the age then counts from {@code since}, when the schedule began
   * exporting); {@code allowedAge} is how old it may get before it is late. All null: the schedule
   * does not export (any more).
   */
  default void offsitePoint(Key key, Instant gapFreeThrough, Instant since, Duration allowedAge) {}

  /**
   * An export ended: {@code result} Completed, Failed or Abandoned; {@code billedBytes} when
   * DynamoDB reported them.
   */
  default void exportFinished(Key key, ExportKind kind, String result, Long billedBytes) {}

  /** A gap was reported: changes that will never be in the bucket. */
  default void exportGap(Key key) {}

  /** Records nothing. */
  ScheduleMetrics NONE = new ScheduleMetrics() {};
}
