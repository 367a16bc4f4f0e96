package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.RecoveryStatus;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.ContinuousBackups;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * status.recovery as a value: the table's point-in-time recovery as last checked ({@link
 * PointInTimeRecovery}), and what the schedule's own backups hold, from the listing retention makes
 * ({@link Pruner}). Times are kept to whole seconds, like the rest of the state.
 *
 * @param pitr ENABLED, ENABLING or DISABLED; null when not managed
 * @param newestBackup the creation time of the newest AVAILABLE owned backup; null when unknown
 * @param retainedBytes the sizes of the owned backups, summed; null until first counted
 * @param ageSeconds the age of the newest recovery point when this value was last updated
 */
record Recovery(
    String pitr,
    Integer periodDays,
    Instant earliest,
    Instant latest,
    Instant checked,
    Instant newestBackup,
    Long retainedBytes,
    Long ageSeconds) {

  static final Recovery NONE = new Recovery(null, null, null, null, null, null, null, null);

  Recovery {
    earliest = StatusTimes.seconds(earliest);
    latest = StatusTimes.seconds(latest);
    checked = StatusTimes.seconds(checked);
    newestBackup = StatusTimes.seconds(newestBackup);
  }

  static Recovery of(RecoveryStatus s) {
    if (s == null) {
      return NONE;
    }
    return new Recovery(
        s.getPointInTimeRecovery(),
        s.getRecoveryPeriodInDays(),
        StatusTimes.parse(s.getEarliestRestorableTime()),
        StatusTimes.parse(s.getLatestRestorableTime()),
        StatusTimes.parse(s.getCheckedTime()),
        StatusTimes.parse(s.getNewestBackupTime()),
        s.getRetainedBytes(),
        s.getRecoveryPointAgeSeconds());
  }

  /** The status to write; null when there is nothing to say. */
  RecoveryStatus toStatus() {
    if (equals(NONE)) {
      return null;
    }
    RecoveryStatus s = new RecoveryStatus();
    s.setPointInTimeRecovery(pitr);
    s.setRecoveryPeriodInDays(periodDays);
    s.setEarliestRestorableTime(StatusTimes.format(earliest));
    s.setLatestRestorableTime(StatusTimes.format(latest));
    s.setCheckedTime(StatusTimes.format(checked));
    s.setNewestBackupTime(StatusTimes.format(newestBackup));
    s.setRetainedBytes(retainedBytes);
    s.setRetained(retainedBytes == null ? null : bytes(retainedBytes));
    s.setRecoveryPointAgeSeconds(ageSeconds);
    return s;
  }

  /** What a check of the table's point-in-time recovery found at {@code now}. */
  Recovery checked(ContinuousBackups seen, Instant now) {
    boolean on = seen.on();
    return new Recovery(
            seen.status(),
            on ? seen.recoveryPeriodInDays() : null,
            on ? seen.earliestRestorable() : null,
            on ? seen.latestRestorable() : null,
            now,
            newestBackup,
            retainedBytes,
            null)
        .aged(now);
  }

  /**
   * True when {@code later}, a later check, tells a user nothing this one does not: the same state
   * and period, and a window start that stayed or moved on no further than the clock did (the
   * window sliding at its period's end). A start that moved back, or jumped ahead further than the
   * time passed (turned off and on again between two checks), is news, as is any other change.
   */
  boolean sameAs(Recovery later) {
    if (!Objects.equals(pitr, later.pitr) || !Objects.equals(periodDays, later.periodDays)) {
      return false;
    }
    if (Objects.equals(earliest, later.earliest)) {
      return true;
    }
    if (earliest == null || later.earliest == null || checked == null || later.checked == null) {
      return false;
    }
    Duration moved = Duration.between(earliest, later.earliest);
    Duration passed = Duration.between(checked, later.checked);
    return !moved.isNegative() && moved.compareTo(passed.plusSeconds(1)) <= 0;
  }

  /**
   * This value with the point-in-time recovery fields of {@code later}, a check not written yet,
   * when it is newer than the one this value holds; what the backups hold stays.
   */
  Recovery withCheck(Recovery later) {
    if (later == null
        || later.checked == null
        || (checked != null && !later.checked.isAfter(checked))) {
      return this;
    }
    return new Recovery(
            later.pitr,
            later.periodDays,
            later.earliest,
            later.latest,
            later.checked,
            newestBackup,
            retainedBytes,
            null)
        .aged(later.checked);
  }

  /** A check was tried at {@code at} and refused: the next waits for the check interval. */
  Recovery tried(Instant at) {
    return new Recovery(
        pitr, periodDays, earliest, latest, at, newestBackup, retainedBytes, ageSeconds);
  }

  /** Point-in-time recovery is no longer managed: its fields go, the backups' stay. */
  Recovery unmanaged(Instant now) {
    return new Recovery(null, null, null, null, null, newestBackup, retainedBytes, null).aged(now);
  }

  /**
   * What the owned backups that are left hold: the newest AVAILABLE one's creation time (kept when
   * none is listed yet) and their sizes summed (a size DynamoDB has not reported counts 0).
   */
  Recovery retained(Collection<Backup> owned, Instant now) {
    Instant newest = newestBackup;
    long sum = 0;
    for (Backup b : owned) {
      sum += Math.max(0, b.sizeBytes());
      if (b.isAvailable() && (newest == null || b.createdAt().isAfter(newest))) {
        newest = b.createdAt();
      }
    }
    return new Recovery(pitr, periodDays, earliest, latest, checked, newest, sum, null).aged(now);
  }

  /** What the metrics are told: as {@code wanted} by the spec (null: not managed) and as found. */
  ScheduleMetrics.RecoveryPoint point(Boolean wanted) {
    Boolean enabled = pitr == null ? null : ContinuousBackups.ENABLED.equals(pitr);
    return new ScheduleMetrics.RecoveryPoint(
        wanted, enabled, Boolean.TRUE.equals(enabled) ? latest : null, newestBackup, retainedBytes);
  }

  /**
   * The newest point the table can be brought back to: the later of the latest restorable time
   * (while point-in-time recovery is on) and the newest backup; null when there is none.
   */
  Instant recoveryPoint() {
    return point(null).newest();
  }

  private Recovery aged(Instant now) {
    Instant point = recoveryPoint();
    Long age = point == null ? null : Math.max(0, Duration.between(point, now).toSeconds());
    return new Recovery(
        pitr, periodDays, earliest, latest, checked, newestBackup, retainedBytes, age);
  }

  /** Bytes for people, in binary units: 0 B, 512 B, 1.5 KiB, 20 GiB. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number =
        value >= 100 || value == Math.rint(value)
            ? String.valueOf(Math.round(value))
            : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + units[unit];
  }
}
