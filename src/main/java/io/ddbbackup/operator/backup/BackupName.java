package io.ddbbackup.operator.backup;

import io.ddbbackup.operator.text.Fingerprint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rule that makes a backup belong to a schedule: {@code <prefix>-<slot in UTC as
 * yyyyMMdd'T'HHmmss'Z'>}. CreateBackup has no idempotency token, so this deterministic name is what
 * lets the operator find a backup whose ARN it never recorded, and it is the only thing that makes
 * a backup "owned": a name must match exactly, so schedule {@code orders} never claims {@code
 * orders-hourly-20260101T000000Z}. Scheduled backups are named by their slot (a whole minute),
 * manual ones by the second they started ({@link #forManual}).
 */
public record BackupName(String prefix) {

  /** Between namespace and name in the default prefix: a character no Kubernetes name holds. */
  public static final String DEFAULT_SEPARATOR = "_";

  /** DynamoDB's BackupName: 3 to 255 characters of [a-zA-Z0-9_.-]. */
  public static final int MAX_LENGTH = 255;

  public static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9_.-]+");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Length of {@code -yyyyMMddTHHmmssZ}. */
  public static final int SUFFIX_LENGTH = 17;

  /** The longest prefix that still leaves room for the suffix within DynamoDB's limit. */
  public static final int MAX_PREFIX_LENGTH = MAX_LENGTH - SUFFIX_LENGTH;

  public BackupName {
    if (prefix == null || prefix.isEmpty() || !ALLOWED.matcher(prefix).matches()) {
      throw new IllegalArgumentException("backup name prefix must match [a-zA-Z0-9_.-]+");
    }
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          "backup name prefix must be at most " + MAX_PREFIX_LENGTH + " characters");
    }
  }

  /**
   * The default prefix for a schedule, {@code <namespace>_<name>}. Kubernetes names cannot hold an
   * underscore, so no two schedules share a default (with {@code -} as the separator, {@code
   * shop-eu/orders} and {@code shop/eu-orders} did). A combination too long for DynamoDB is cut and
   * given a short hash of the full value so that two long names never share a prefix either.
   */
  public static BackupName defaultFor(String namespace, String name) {
    return fitted(namespace + DEFAULT_SEPARATOR + name);
  }

  /**
   * The default of the operator's earlier versions, {@code <namespace>-<name>}, which two schedules
   * could share. A schedule that backed up under it keeps it: {@link #defaultInUse}.
   */
  public static BackupName legacyDefaultFor(String namespace, String name) {
    return fitted(namespace + "-" + name);
  }

  /**
   * The prefix of a schedule without {@code spec.backupNamePrefix}: the legacy default when its
   * status says it backs up under that one, the default otherwise. A status says so when it records
   * the legacy default as the prefix in use ({@code recordedPrefix}) or, written by an earlier
   * version that recorded no prefix, when its last backup is named by the legacy default. So an
   * upgrade leaves every existing schedule's backups owned by it, and a new schedule gets the
   * default that no other schedule can share.
   *
   * @param recordedPrefix {@code status.backupNamePrefix}, or null
   * @param lastBackupName {@code status.lastBackupName}, or null
   */
  public static BackupName defaultInUse(
      String namespace, String name, String recordedPrefix, String lastBackupName) {
    BackupName legacy = legacyDefaultFor(namespace, name);
    boolean recordedLegacy = legacy.prefix().equals(recordedPrefix);
    boolean backedUpUnderLegacy =
        recordedPrefix == null && legacy.slotOf(lastBackupName).isPresent();
    return recordedLegacy || backedUpUnderLegacy ? legacy : defaultFor(namespace, name);
  }

  private static BackupName fitted(String full) {
    if (full.length() <= MAX_PREFIX_LENGTH) {
      return new BackupName(full);
    }
    String hash = Fingerprint.of(full, 8);
    return new BackupName(full.substring(0, MAX_PREFIX_LENGTH - 9) + "-" + hash);
  }

  /** The name of the backup for this slot; sub-second parts of the slot are dropped. */
  public String forSlot(Instant slot) {
    return prefix + "-" + STAMP.format(slot.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * The name of a manual backup started at {@code now}: the second it started, unless that second
   * is a whole minute or not after the second in {@code previousName} (the schedule's last backup,
   * when this prefix names it); then the next second that is neither. Cron slots are whole minutes,
   * so a manual backup never takes a slot's name, and two backup-now values in one second get two
   * backups instead of sharing one. The name stays a second-precise stamp, so it is owned and
   * pruned like any other.
   */
  public String forManual(Instant now, String previousName) {
    Instant second = now.truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> previous = slotOf(previousName);
    // a previous name far ahead (a clock that went back) would push every name out of the window
    // the adoption lookup searches: ignore it
    boolean near = previous.isPresent() && previous.get().isBefore(second.plusSeconds(60));
    if (near && !second.isAfter(previous.get())) {
      second = previous.get().plusSeconds(1);
    }
    if (second.getEpochSecond() % 60 == 0) {
      second = second.plusSeconds(1);
    }
    return forSlot(second);
  }

  /** The slot encoded in {@code backupName} when it is exactly one of this prefix's names. */
  public Optional<Instant> slotOf(String backupName) {
    if (backupName == null
        || backupName.length() != prefix.length() + SUFFIX_LENGTH
        || !backupName.startsWith(prefix + "-")) {
      return Optional.empty();
    }
    String stamp = backupName.substring(prefix.length() + 1);
    try {
      Instant slot = Instant.from(STAMP.parse(stamp));
      // reject forms the parser tolerates but forSlot never writes
      return STAMP.format(slot).equals(stamp) ? Optional.of(slot) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** True when the backup is a USER backup of {@code tableName} named exactly by this prefix. */
  public boolean owns(Backup backup, String tableName) {
    return backup.type() == BackupType.USER
        && tableName.equals(backup.tableName())
        && slotOf(backup.name()).isPresent();
  }
}
