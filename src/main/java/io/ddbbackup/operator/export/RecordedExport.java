package io.ddbbackup.operator.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The export a schedule recorded in its status before calling ExportTableToPointInTime, and the
 * rules that keep it to one export per window whatever happened after the record: a crash before
 * the call, a lost answer, a leader change.
 *
 * @param window the window recorded
 * @param attempt the attempt its token is derived from (1, then one more after each export that
 *     DynamoDB failed)
 * @param recordedAt when the window (at this attempt) was recorded, before the call
 * @param arn the export's ARN once an answer gave it; null while the call's outcome is unknown
 */
public record RecordedExport(ExportWindow window, int attempt, Instant recordedAt, String arn) {

  /**
   * How long after the record the same call may simply be made again. DynamoDB keeps a token for 8
   * hours after the first call that used it completed, and that call came after the record; an hour
   * is kept back for clocks that disagree.
   */
  public static final Duration CALL_AGAIN_WITHIN = Duration.ofHours(7);

  public RecordedExport {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1");
    }
  }

  /** What to do about a recorded export whose ARN is not known. */
  public enum Unknown {
    /**
     * Make the call again with the same token: DynamoDB answers with the export the first call
     * started, or starts it if the first call never arrived.
     */
    CALL_AGAIN,
    /**
     * The token may have expired: look for the export among the table's (ListExports, then
     * DescribeExport of each, matched by token) before any new call.
     */
    SEARCH
  }

  /** The client token of this window at this attempt, for {@code scheduleUid}. */
  public String token(String scheduleUid) {
    return ExportToken.of(scheduleUid, window, attempt);
  }

  /** How to find out what became of the call, when no answer gave the ARN. */
  public Unknown whenUnknown(Instant now) {
    return now.isBefore(recordedAt.plus(CALL_AGAIN_WITHIN)) ? Unknown.CALL_AGAIN : Unknown.SEARCH;
  }

  /**
   * The export among {@code described} that this record started: the one that carries its token,
   * which no other window, schedule or attempt derives.
   */
  public Optional<Export> findIn(List<Export> described, String scheduleUid) {
    String token = token(scheduleUid);
    return described.stream().filter(e -> token.equals(e.clientToken())).findFirst();
  }

  /** The same record once an answer named its export. */
  public RecordedExport started(String exportArn) {
    return new RecordedExport(window, attempt, recordedAt, Objects.requireNonNull(exportArn));
  }

  /**
   * The record for one more try after DynamoDB failed the export: a new token (the old one would
   * answer with the failed export), recorded anew before the call.
   */
  public RecordedExport retried(Instant now) {
    return new RecordedExport(window, attempt + 1, now, null);
  }
}
