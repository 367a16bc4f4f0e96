package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportTokenTest {

  private static final String UID = "7f1c2a4e-0b9d-4c1e-9a7e-3d2f5b6c8a90";
  private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");

  @Test
  void theSameWindowOfTheSameScheduleGivesTheSameTokenAfterARestart() {
    ExportWindow recorded = ExportWindow.incremental(T0, T0.plusSeconds(900));
    // as read back from status after a crash: parsed from its text, a different object
    ExportWindow readBack =
        ExportWindow.incremental(
            Instant.parse("2026-06-01T01:00:00Z"), Instant.parse("2026-06-01T01:15:00Z"));
    assertThat(ExportToken.of(UID, readBack, 1)).isEqualTo(ExportToken.of(UID, recorded, 1));
  }

  @Test
  void windowsSchedulesAndAttemptsNeverShareAToken() {
    Set<String> tokens = new HashSet<>();
    int made = 0;
    for (String uid : new String[] {UID, "0d3e9b1a-5c7f-4e2d-8b6a-1f0e9d8c7b6a"}) {
      for (int i = 0; i < 96; i++) {
        Instant from = T0.plusSeconds(900L * i);
        for (int attempt = 1; attempt <= 3; attempt++) {
          tokens.add(
              ExportToken.of(uid, ExportWindow.incremental(from, from.plusSeconds(900)), attempt));
          tokens.add(ExportToken.of(uid, ExportWindow.full(from), attempt));
          made += 2;
        }
      }
      // same end, other start: a catch-up window is not the on-time window ending with it
      tokens.add(
          ExportToken.of(
              uid, ExportWindow.incremental(T0.minusSeconds(3600), T0.plusSeconds(900)), 1));
      made++;
    }
    assertThat(tokens).hasSize(made);
  }

  @Test
  void aTokenFitsTheApiLimitsAndCarriesNoUserValue() {
    String token = ExportToken.of(UID, ExportWindow.full(T0), 1);
    // at most 64 characters, no '$' (the API's pattern), and nothing of the uid in clear
    assertThat(token).hasSizeLessThanOrEqualTo(64).matches("[a-z0-9-]+").doesNotContain("7f1c2a4e");
  }
}
