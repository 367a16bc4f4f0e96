package io.ddbbackup.operator.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where the operator's records and AWS's files of an export are in the bucket.
 *
 * <pre>
 * &lt;prefix&gt;/AWSDynamoDB/&lt;export id&gt;/                 AWS's files (manifests, data)
 * &lt;prefix&gt;/ddbbackup/chain/&lt;instant&gt;-&lt;kind&gt;-&lt;export id&gt;.json   one record per export
 * </pre>
 *
 * The instant is the one the export brings the table to (a full export's ExportTime, an incremental
 * export's ExportToTime) in ISO 8601 basic form, {@code 20260601T011500Z}: fixed width, so S3's
 * listing, which is in key order, returns the chain oldest first. At the same instant {@code full}
 * sorts before {@code incremental}; {@link ExportRecord#CHAIN_ORDER} is the same order.
 */
public final class ChainKeys {

  static final String CHAIN_FOLDER = "ddbbackup/chain/";
  private static final String SUFFIX = ".json";

  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ChainKeys() {}

  /** The folder every record of the chain under {@code prefix} is in, ending in '/'. */
  public static String chainFolder(String prefix) {
    return base(prefix) + CHAIN_FOLDER;
  }

  /** The key of the record of export {@code exportId} over {@code window}. */
  public static String recordKey(String prefix, ExportWindow window, String exportId) {
    return recordKey(prefix, window.to(), window.kind(), exportId);
  }

  /**
   * The key of the record of export {@code exportId} of {@code kind} that brings the table to
   * {@code to} (a full export's time, an incremental window's end): all a key is made of.
   */
  public static String recordKey(String prefix, Instant to, ExportKind kind, String exportId) {
    return chainFolder(prefix)
        + BASIC.format(to)
        + "-"
        + kind.name().toLowerCase(Locale.ROOT)
        + "-"
        + exportId
        + SUFFIX;
  }

  /** True for a key {@link #recordKey} makes under {@code prefix} (a listing may hold others). */
  public static boolean isRecordKey(String prefix, String key) {
    return key.startsWith(chainFolder(prefix))
        && key.endsWith(SUFFIX)
        && key.indexOf('/', chainFolder(prefix).length()) < 0;
  }

  /** The folder DynamoDB writes export {@code exportId}'s files to, ending in '/'. */
  public static String dataPrefix(String prefix, String exportId) {
    return base(prefix) + "AWSDynamoDB/" + exportId + "/";
  }

  /** The export id, the last part of {@code arn:aws:dynamodb:…:table/<t>/export/<id>}. */
  public static String exportId(String exportArn) {
    int at = exportArn.lastIndexOf("/export/");
    if (at < 0 || at + "/export/".length() >= exportArn.length()) {
      throw new IllegalArgumentException("not an export ARN: " + exportArn);
    }
    return exportArn.substring(at + "/export/".length());
  }

  /** The instant's form in a key, e.g. {@code 20260601T011500Z}. */
  static String basic(Instant instant) {
    return BASIC.format(instant);
  }

  /** "" for no prefix, else the prefix without a trailing '/', followed by one. */
  private static String base(String prefix) {
    String p = prefix == null ? "" : prefix;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? "" : p + "/";
  }
}
