package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.text.Fingerprint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The scratch table of a schedule's restore drill: a deterministic name, so that after a crash the
 * drill's table is found again by name, and a fixed start, so that IAM can scope the drill's rights
 * to {@code table/ddbbackup-drill-*}.
 */
public final class DrillTable {

  public static final String PREFIX = "ddbbackup-drill-";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** DynamoDB's longest table name. */
  private static final int MAX = 255;

  private DrillTable() {}

  /**
   * {@code ddbbackup-drill-<backup prefix>-<drill slot>}; a prefix too long for DynamoDB's 255
   * characters is cut and given a short fingerprint of the whole, so two schedules never share one.
   */
  public static String name(String backupPrefix, Instant drillSlot) {
    String stamp = STAMP.format(drillSlot);
    String full = PREFIX + backupPrefix + "-" + stamp;
    if (full.length() <= MAX) {
      return full;
    }
    String hash = Fingerprint.of(backupPrefix, 8);
    int room = MAX - PREFIX.length() - 1 - stamp.length() - 1 - hash.length();
    return PREFIX + backupPrefix.substring(0, room) + "-" + hash + "-" + stamp;
  }
}
