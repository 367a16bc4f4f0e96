package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrentExportsTest {

  private static final ConcurrentExports.Key FULL_EU =
      new ConcurrentExports.Key("111122223333", "eu-west-1", ExportKind.FULL);
  private static final ConcurrentExports.Key INCREMENTAL_EU =
      new ConcurrentExports.Key("111122223333", "eu-west-1", ExportKind.INCREMENTAL);
  private static final ConcurrentExports.Key FULL_US =
      new ConcurrentExports.Key("111122223333", "us-east-1", ExportKind.FULL);

  @Test
  void the301stFullExportOfAnAccountAndRegionWaitsUntilOneIsDone() {
    ConcurrentExports gate = new ConcurrentExports();
    for (int i = 0; i < 300; i++) {
      assertThat(gate.tryHold(FULL_EU, "schedule-" + i)).as("export %d", i).isTrue();
    }

    assertThat(gate.tryHold(FULL_EU, "schedule-300")).isFalse();
    // other kinds and regions have limits of their own
    assertThat(gate.tryHold(INCREMENTAL_EU, "schedule-300")).isTrue();
    assertThat(gate.tryHold(FULL_US, "schedule-300")).isTrue();

    gate.release(FULL_EU, "schedule-7");
    assertThat(gate.tryHold(FULL_EU, "schedule-300")).isTrue();
    assertThat(gate.inFlight(FULL_EU)).isEqualTo(300);
  }

  @Test
  void askingAgainForTheSameExportHoldsOneSeat() {
    ConcurrentExports gate = new ConcurrentExports(2);
    gate.tryHold(FULL_EU, "a");
    gate.tryHold(FULL_EU, "a");

    assertThat(gate.inFlight(FULL_EU)).isEqualTo(1);
    assertThat(gate.tryHold(FULL_EU, "b")).isTrue();
    // a full gate still answers yes for an export that holds its seat (a reconcile repeated)
    assertThat(gate.tryHold(FULL_EU, "a")).isTrue();
    assertThat(gate.tryHold(FULL_EU, "c")).isFalse();
  }

  @Test
  void exportsFoundRunningAfterARestartCountEvenBeyondTheLimit() {
    ConcurrentExports gate = new ConcurrentExports(2);
    gate.holdRunning(FULL_EU, "a");
    gate.holdRunning(FULL_EU, "b");
    gate.holdRunning(FULL_EU, "c");

    assertThat(gate.inFlight(FULL_EU)).isEqualTo(3);
    assertThat(gate.tryHold(FULL_EU, "d")).isFalse();
    gate.release(FULL_EU, "a");
    assertThat(gate.tryHold(FULL_EU, "d")).isFalse();
    gate.release(FULL_EU, "b");
    assertThat(gate.tryHold(FULL_EU, "d")).isTrue();
  }
}
