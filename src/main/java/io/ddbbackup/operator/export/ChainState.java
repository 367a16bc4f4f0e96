package io.ddbbackup.operator.export;

import java.util.Objects;

/**
 * What a schedule keeps in status about its exports: the chain, and the export recorded for the
 * window in flight (null when none is).
 */
public record ChainState(ExportChain chain, RecordedExport recorded) {

  public ChainState {
    Objects.requireNonNull(chain, "chain");
    ExportWindow inFlight = chain.inFlight();
    if (recorded == null ? inFlight != null : !recorded.window().equals(inFlight)) {
      throw new IllegalArgumentException("the recorded export is the chain's export in flight");
    }
  }
}
