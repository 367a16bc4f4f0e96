package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupScheduleStatus;
import io.ddbbackup.operator.api.ExportBaseStatus;
import io.ddbbackup.operator.api.ExportGapStatus;
import io.ddbbackup.operator.api.ExportInFlightStatus;
import io.ddbbackup.operator.api.ExportStatus;
import io.ddbbackup.operator.export.ExportToken;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.RecordedExport;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * status.export as values: what is written reads back as the same chain, so the window recorded
 * before a call derives the same client token after a restart.
 */
class ExportStatusTest {

  static final String ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";

  static DynamoDBBackupScheduleStatus withExport(ExportInFlightStatus inFlight) {
    ExportStatus e = new ExportStatus();
    e.setSince("2026-03-01T10:00:00Z");
    ExportBaseStatus base = new ExportBaseStatus();
    base.setExportArn(ARN + "/export/01");
    base.setExportTime("2026-03-02T02:00:00Z");
    base.setItemCount(1200L);
    base.setBilledBytes(52428800L);
    e.setBase(base);
    e.setGapFreeThrough("2026-03-02T05:00:00Z");
    e.setLastFullSlot("2026-03-02T02:00:00Z");
    e.setLastExportArn(ARN + "/export/04");
    e.setInFlight(inFlight);
    ExportGapStatus gaps = new ExportGapStatus();
    gaps.setCount(2L);
    gaps.setLastFrom("2026-02-20T01:00:00Z");
    gaps.setLastTo("2026-03-02T02:00:00Z");
    e.setGaps(gaps);
    e.setExportedCount(4L);
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setExport(e);
    return status;
  }

  static ExportInFlightStatus incremental(String arn) {
    ExportInFlightStatus f = new ExportInFlightStatus();
    f.setKind("INCREMENTAL");
    f.setFrom("2026-03-02T05:00:00Z");
    f.setTo("2026-03-02T06:00:00Z");
    f.setAttempt(2);
    f.setRecordedAt("2026-03-02T06:00:07Z");
    f.setExportArn(arn);
    return f;
  }

  @Test
  void aChainReadAndWrittenBackIsTheSameStatus() {
    for (DynamoDBBackupScheduleStatus status :
        new DynamoDBBackupScheduleStatus[] {
          withExport(null), withExport(incremental(null)), withExport(incremental(ARN + "/e/5"))
        }) {
      assertThat(ScheduleState.of(status).toStatus().getExport()).isEqualTo(status.getExport());
    }
  }

  @Test
  void theChainIsReadAsTheEngineNeedsIt() {
    OffsiteChain chain = ScheduleState.of(withExport(incremental(null))).offsite();

    assertThat(chain.gapFreeThrough()).isEqualTo(Instant.parse("2026-03-02T05:00:00Z"));
    assertThat(chain.chain().chain().baseTime()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
    RecordedExport rec = chain.chain().recorded();
    ExportWindow window =
        ExportWindow.incremental(
            Instant.parse("2026-03-02T05:00:00Z"), Instant.parse("2026-03-02T06:00:00Z"));
    assertThat(rec.window()).isEqualTo(window);
    assertThat(chain.chain().chain().inFlight()).isEqualTo(window);
    // the token after a restart is the one the call before it carried
    assertThat(rec.token("uid-1")).isEqualTo(ExportToken.of("uid-1", window, 2));
    assertThat(chain.gapCount()).isEqualTo(2);
    assertThat(chain.exportedCount()).isEqualTo(4);
  }

  @Test
  void aFullExportInFlightHasNoFrom() {
    ExportInFlightStatus f = new ExportInFlightStatus();
    f.setKind("FULL");
    f.setTo("2026-03-03T02:00:00Z");
    f.setAttempt(1);
    f.setRecordedAt("2026-03-03T02:00:01Z");
    DynamoDBBackupScheduleStatus status = withExport(f);

    ScheduleState state = ScheduleState.of(status);

    assertThat(state.offsite().chain().recorded().window())
        .isEqualTo(ExportWindow.full(Instant.parse("2026-03-03T02:00:00Z")));
    assertThat(state.toStatus().getExport()).isEqualTo(status.getExport());
  }

  @Test
  void aBaseTheChainMovedToBeforeItsDetailsAreKnownReadsBackAsTheSameChain() {
    OffsiteChain read = ScheduleState.of(withExport(null)).offsite();
    Instant newBase = Instant.parse("2026-03-03T02:00:00Z");
    var moved =
        new io.ddbbackup.operator.export.ChainState(
            new io.ddbbackup.operator.export.ExportChain(
                read.chain().chain().createdAt(), newBase, newBase, newBase, null),
            null);

    OffsiteChain written = read.with(moved);
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    status.setExport(written.toStatus());

    assertThat(ScheduleState.of(status).offsite().chain()).isEqualTo(moved);
  }

  @Test
  void aHandEditedStatusWithHalfAChainStillReads() {
    DynamoDBBackupScheduleStatus status = withExport(incremental(null));
    status.getExport().setBase(null);

    OffsiteChain read = ScheduleState.of(status).offsite();

    assertThat(read.gapFreeThrough()).isEqualTo(Instant.parse("2026-03-02T05:00:00Z"));
    assertThat(read.chain().recorded()).isNotNull();
  }

  @Test
  void aStatusWithoutExportsWritesNone() {
    DynamoDBBackupScheduleStatus status = new DynamoDBBackupScheduleStatus();
    assertThat(ScheduleState.of(status).offsite()).isEqualTo(OffsiteChain.NONE);
    assertThat(ScheduleState.of(status).toStatus().getExport()).isNull();
  }

  @Test
  void theJsonOnTheApiServerReadsBackAsTheSameChain() {
    KubernetesSerialization json = new KubernetesSerialization();
    DynamoDBBackupScheduleStatus status = withExport(incremental(null));

    DynamoDBBackupScheduleStatus read =
        json.unmarshal(json.asJson(status), DynamoDBBackupScheduleStatus.class);

    assertThat(ScheduleState.of(read).offsite()).isEqualTo(ScheduleState.of(status).offsite());
  }

  @Test
  void aSubSecondRecordTimeIsKeptToWholeSeconds() {
    OffsiteChain started = OffsiteChain.starting(Instant.parse("2026-03-01T10:00:00.750Z"));
    assertThat(started.chain().chain().createdAt())
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
  }
}
