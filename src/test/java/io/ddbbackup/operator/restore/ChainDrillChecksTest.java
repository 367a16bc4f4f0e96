package io.ddbbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks of a drill of the export chain. The bounds are the test's own arithmetic over the
 * records it made: a base of 100 items and three windows of 10, 20 and 30 changed items allow 40 to
 * 160 items; the tolerance widens that by its share of the base.
 */
class ChainDrillChecksTest {

  private static final String TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");
  private static final Duration W = Duration.ofMinutes(15);
  private static final TableShape SHAPE =
      new TableShape(
          TABLE,
          "orders",
          List.of(new TableShape.KeyElement("id", "HASH")),
          List.of(new TableShape.AttributeDefinition("id", "S")),
          List.of(
              new TableShape.Index(
                  "by-day", List.of(new TableShape.KeyElement("id", "HASH")), "ALL", null, null)),
          null,
          "PAY_PER_REQUEST",
          null,
          null,
          null);
  private static final List<Table.KeyElement> KEY = List.of(new Table.KeyElement("id", "HASH"));
  private static final List<IndexDefinition> BY_DAY =
      List.of(new IndexDefinition("by-day", KEY, "ALL", null, null, null));

  private int ids;

  private ExportRecord record(ExportWindow window, long items) {
    String id = "%014d-%08x".formatted(window.to().toEpochMilli(), ++ids);
    return new ExportRecord(
        window,
        TABLE + "/export/" + id,
        "shop/orders",
        ExportDestination.Format.DYNAMODB_JSON,
        items,
        100,
        null,
        SHAPE,
        null,
        null);
  }

  private ChainRestorePlan plan() {
    List<ExportRecord> chain = new ArrayList<>(List.of(record(ExportWindow.full(T0), 100)));
    long[] changed = {10, 20, 30};
    for (int i = 0; i < changed.length; i++) {
      chain.add(
          record(
              ExportWindow.incremental(T0.plus(W.multipliedBy(i)), T0.plus(W.multipliedBy(i + 1))),
              changed[i]));
    }
    return ChainRestorePlan.choose(chain, null, "s3://vault/shop/orders").plan();
  }

  private static Table table(List<Table.KeyElement> key, List<IndexDefinition> global) {
    return new Table(
        "s", "arn:s", "ACTIVE", Instant.EPOCH, null, 0, 0, key, global, List.of(), Map.of());
  }

  @ParameterizedTest(name = "{0} items with tolerance {1}% passes: {2}")
  @CsvSource({
    "40, 0, true",
    "160, 0, true",
    "39, 0, false",
    "161, 0, false",
    "35, 5, true",
    "34, 5, false",
    "165, 5, true",
    "166, 5, false"
  })
  void theCountMustLieBetweenTheBaseLessAndPlusTheChangedItemsWidenedByTheTolerance(
      long counted, int tolerance, boolean passes) {
    DrillChecks.Verdict v =
        ChainDrillChecks.judge(plan(), table(KEY, BY_DAY), counted, List.of(), tolerance);

    assertThat(v.passed()).as(v.message()).isEqualTo(passes);
    if (!passes) {
      long slack = Math.round(100 * tolerance / 100.0);
      assertThat(v.message())
          .contains(
              counted + " items, where the records allow " + (40 - slack) + " to " + (160 + slack));
    }
  }

  @Test
  void anotherKeySchemaAMissingGlobalIndexAndAMissingSampleKeyAreEachNamed() {
    DrillChecks.Verdict v =
        ChainDrillChecks.judge(
            plan(),
            table(List.of(new Table.KeyElement("pk", "HASH")), List.of()),
            100,
            List.of("{id=order#9}"),
            5);

    assertThat(v.passed()).isFalse();
    assertThat(v.message())
        .contains("key schema [pk HASH] is not the recorded [id HASH]")
        .contains("global secondary indexes [] are not the recorded [by-day]")
        .contains("sample key {id=order#9} is missing");
  }
}
