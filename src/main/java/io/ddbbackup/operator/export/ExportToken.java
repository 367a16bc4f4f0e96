package io.ddbbackup.operator.export;

import io.ddbbackup.operator.text.Fingerprint;
import java.util.Objects;

/**
 * The {@code ClientToken} of one export: derived from the schedule's uid, the window and the
 * attempt, so that a crash between recording a window and hearing DynamoDB's answer, or a lost
 * answer, repeats the same token and DynamoDB answers with the export it already started (tokens
 * are idempotent for 8 hours). A new attempt (after DynamoDB failed the export) needs a new token,
 * since the old one would answer with the failed export.
 *
 * <p>The token is 63 characters of lower-case letters, digits and hyphens: within the API's limit
 * of 64 characters and free of the {@code $} its pattern excludes. It names no user value, so it
 * can be shown and logged.
 */
public final class ExportToken {

  private static final String PREFIX = "ddbb-";

  private ExportToken() {}

  public static String of(String scheduleUid, ExportWindow window, int attempt) {
    Objects.requireNonNull(scheduleUid, "scheduleUid");
    if (scheduleUid.isEmpty() || attempt < 1) {
      throw new IllegalArgumentException("a token needs the schedule's uid and an attempt >= 1");
    }
    String kind = window.kind() == ExportKind.FULL ? "f" : "i";
    String identity =
        String.join(
            "|",
            scheduleUid,
            window.kind().name(),
            String.valueOf(window.from() == null ? "" : window.from().getEpochSecond()),
            String.valueOf(window.to().getEpochSecond()),
            String.valueOf(attempt));
    return PREFIX + kind + "-" + Fingerprint.of(identity, 56);
  }
}
