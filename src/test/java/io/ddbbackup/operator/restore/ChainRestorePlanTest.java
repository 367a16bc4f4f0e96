package io.ddbbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which exports a restore applies, judged against a model the test computes itself: the table's
 * state at a point is the newest full export at or before it plus every contiguous window after it
 * that ends by then.
 */
class ChainRestorePlanTest {

  private static final String TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");
  private static final Duration W = Duration.ofMinutes(15);
  private static final String WHERE = "s3://vault/shop/orders";
  private static final TableShape SHAPE =
      new TableShape(
          TABLE,
          "orders",
          List.of(new TableShape.KeyElement("id", "HASH")),
          List.of(new TableShape.AttributeDefinition("id", "S")),
          null,
          null,
          "PAY_PER_REQUEST",
          null,
          null,
          null);
  private int ids;

  private ExportRecord full(Instant at) {
    return record(ExportWindow.full(at), ExportDestination.Format.DYNAMODB_JSON);
  }

  private ExportRecord incremental(Instant from, Instant to) {
    return record(ExportWindow.incremental(from, to), ExportDestination.Format.DYNAMODB_JSON);
  }

  private ExportRecord record(ExportWindow window, ExportDestination.Format format) {
    String id = "%014d-%08x".formatted(window.to().toEpochMilli(), ++ids);
    return new ExportRecord(
        window, TABLE + "/export/" + id, "shop/orders", format, 10, 100, null, SHAPE, null, null);
  }

  /** A base at T0 and {@code n} contiguous windows after it. */
  private List<ExportRecord> chain(int n) {
    List<ExportRecord> chain = new ArrayList<>(List.of(full(T0)));
    for (int i = 0; i < n; i++) {
      chain.add(incremental(T0.plus(W.multipliedBy(i)), T0.plus(W.multipliedBy(i + 1))));
    }
    return chain;
  }

  @Test
  void aPointBetweenTwoWindowsReachesTheEndOfTheLastWindowBeforeItAndSaysItIsShort() {
    List<ExportRecord> chain = chain(4);
    Instant asked = T0.plus(W.multipliedBy(2)).plusSeconds(400);

    ChainRestorePlan plan = ChainRestorePlan.choose(chain, asked, WHERE).plan();

    assertThat(plan.base()).isEqualTo(chain.get(0));
    assertThat(plan.incrementals()).containsExactly(chain.get(1), chain.get(2));
    assertThat(plan.reaches()).isEqualTo(T0.plus(W.multipliedBy(2)));
    assertThat(plan.shortOfAsked()).isTrue();
    assertThat(plan.gapAt()).isNull();
  }

  @Test
  void aPointOnAWindowsEndIsReachedExactly() {
    List<ExportRecord> chain = chain(4);
    ChainRestorePlan plan =
        ChainRestorePlan.choose(chain, T0.plus(W.multipliedBy(3)), WHERE).plan();
    assertThat(plan.incrementals()).hasSize(3);
    assertThat(plan.shortOfAsked()).isFalse();
  }

  @Test
  void noPointMeansTheNewestTheChainReachesWhateverOrderTheRecordsComeIn() {
    List<ExportRecord> chain = chain(6);
    List<ExportRecord> shuffled = new ArrayList<>(chain);
    Collections.shuffle(shuffled, new Random(7));
    ChainRestorePlan plan = ChainRestorePlan.choose(shuffled, null, WHERE).plan();
    assertThat(plan.incrementals()).containsExactlyElementsOf(chain.subList(1, 7));
    assertThat(plan.reaches()).isEqualTo(T0.plus(W.multipliedBy(6)));
  }

  @Test
  void theNewestBaseAtOrBeforeThePointIsTakenAndTheWindowsBeforeItAreNotReplayed() {
    List<ExportRecord> chain = chain(8);
    ExportRecord laterBase = full(T0.plus(W.multipliedBy(4)));
    chain.add(laterBase);

    ChainRestorePlan plan =
        ChainRestorePlan.choose(chain, T0.plus(W.multipliedBy(6)), WHERE).plan();

    assertThat(plan.base()).isEqualTo(laterBase);
    assertThat(plan.incrementals()).containsExactly(chain.get(5), chain.get(6));
    // a point before the later base still takes the first one
    assertThat(ChainRestorePlan.choose(chain, T0.plus(W), WHERE).plan().base())
        .isEqualTo(chain.get(0));
  }

  @Test
  void aGapStopsTheReplayAtItsStartAndIsReported() {
    List<ExportRecord> chain = chain(2);
    // the window [2W, 3W) is missing: an export the operator abandoned, say
    chain.add(incremental(T0.plus(W.multipliedBy(3)), T0.plus(W.multipliedBy(4))));

    ChainRestorePlan plan = ChainRestorePlan.choose(chain, null, WHERE).plan();

    assertThat(plan.reaches()).isEqualTo(T0.plus(W.multipliedBy(2)));
    assertThat(plan.gapAt()).isEqualTo(T0.plus(W.multipliedBy(2)));
    assertThat(plan.incrementals()).hasSize(2);
  }

  @Test
  void noRecordsOrNoBaseBeforeThePointIsAProblemThatSaysWhatToDo() {
    assertThat(ChainRestorePlan.choose(List.of(), null, WHERE).problem())
        .contains("no export records under " + WHERE)
        .contains("bucketOwner and prefix");
    assertThat(ChainRestorePlan.choose(chain(2), T0.minusSeconds(1), WHERE).problem())
        .contains("no full export")
        .contains("the oldest is at " + T0)
        .contains("spec.source.fromExport.pointInTime");
  }

  @Test
  void anIonExportInTheChainIsRefusedByName() {
    List<ExportRecord> chain = chain(1);
    ExportRecord ion =
        record(
            ExportWindow.incremental(T0.plus(W), T0.plus(W.multipliedBy(2))),
            ExportDestination.Format.ION);
    chain.add(ion);
    assertThat(ChainRestorePlan.choose(chain, null, WHERE).problem())
        .contains(ion.exportArn())
        .contains("ION");
  }
}
