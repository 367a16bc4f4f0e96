package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedExportTest {

  private static final String UID = "7f1c2a4e-0b9d-4c1e-9a7e-3d2f5b6c8a90";
  private static final Instant RECORDED = Instant.parse("2026-06-01T01:15:02Z");
  private static final ExportWindow WINDOW =
      ExportWindow.incremental(
          Instant.parse("2026-06-01T01:00:00Z"), Instant.parse("2026-06-01T01:15:00Z"));
  private static final RecordedExport RECORD = new RecordedExport(WINDOW, 1, RECORDED, null);

  @Test
  void withinSevenHoursOfTheRecordTheSameCallIsMadeAgain() {
    assertThat(RECORD.whenUnknown(RECORDED)).isEqualTo(RecordedExport.Unknown.CALL_AGAIN);
    assertThat(RECORD.whenUnknown(RECORDED.plus(Duration.ofHours(7)).minusSeconds(1)))
        .isEqualTo(RecordedExport.Unknown.CALL_AGAIN);
  }

  @Test
  void laterTheTokenMayHaveExpiredSoTheExportIsSearchedFor() {
    // DynamoDB forgets a token 8 hours after the first call completed; that call came after the
    // record, so 8 hours from the record is the earliest it can be forgotten, less an hour's skew
    assertThat(RECORD.whenUnknown(RECORDED.plus(Duration.ofHours(7))))
        .isEqualTo(RecordedExport.Unknown.SEARCH);
    assertThat(RECORD.whenUnknown(RECORDED.plus(Duration.ofDays(3))))
        .isEqualTo(RecordedExport.Unknown.SEARCH);
  }

  @Test
  void theExportFoundIsTheOneCarryingThisRecordsTokenNotAnotherWindowsOrAttempts() {
    Export otherWindow = described("a", ExportToken.of(UID, ExportWindow.full(WINDOW.from()), 1));
    Export earlierAttempt = described("b", ExportToken.of(UID, WINDOW, 1));
    Export otherSchedule =
        described("c", ExportToken.of("0d3e9b1a-5c7f-4e2d-8b6a-1f0e9d8c7b6a", WINDOW, 2));
    Export ours = described("d", ExportToken.of(UID, WINDOW, 2));
    Export noToken = described("e", null);
    RecordedExport second = RECORD.retried(RECORDED.plusSeconds(600));

    assertThat(
            second.findIn(List.of(otherWindow, earlierAttempt, otherSchedule, noToken, ours), UID))
        .map(Export::arn)
        .contains("d");
    assertThat(second.findIn(List.of(otherWindow, earlierAttempt, otherSchedule), UID)).isEmpty();
  }

  @Test
  void aRetryAfterAFailedExportIsANewAttemptRecordedAnewWithoutAnArn() {
    RecordedExport failed = RECORD.started("arn:aws:dynamodb:eu-west-1:1:table/t/export/x");
    RecordedExport retry = failed.retried(RECORDED.plusSeconds(600));

    assertThat(retry.arn()).isNull();
    assertThat(retry.recordedAt()).isEqualTo(RECORDED.plusSeconds(600));
    assertThat(retry.token(UID)).isNotEqualTo(failed.token(UID));
    assertThat(retry.window()).isEqualTo(WINDOW);
  }

  private static Export described(String arn, String token) {
    return new Export(
        arn, Export.State.COMPLETED, null, token, null, null, null, null, null, null, null);
  }
}
