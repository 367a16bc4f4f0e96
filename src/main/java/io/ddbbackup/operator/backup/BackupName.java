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
 * orders-hourly-20260101T000000Z}.
 */
public record BackupName(String prefix) {

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
   * The default prefix for a schedule, {@code <namespace>-<name>}. Kubernetes names are already in
   * DynamoDB's alphabet; a combination too long for DynamoDB is cut and given a short hash of the
   * full value so that two long names never share a prefix.
   */
  public static BackupName defaultFor(String namespace, String name) {
    String full = namespace + "-" + name;
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
