package io.ddbbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A drill's verdict from what the backup recorded and what the scratch table holds. */
class DrillChecksTest {

  private static final List<Table.KeyElement> KEY = List.of(new Table.KeyElement("pk", "HASH"));
  private static final IndexDefinition BY_DATE =
      new IndexDefinition(
          "by-date", List.of(new Table.KeyElement("d", "HASH")), "ALL", List.of(), null, null);

  @Test
  void aTableLikeItsSourceWithinTheToleranceAndWithEveryKeyPasses() {
    var verdict =
        DrillChecks.judge(
            source(1000, List.of(BY_DATE)), table(KEY, List.of(BY_DATE)), 1040, List.of(), 5);

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.message()).startsWith("1040 items (source 1000)");
  }

  @Test
  void aCountJustOutsideTheToleranceFailsAndSaysByHowMuch() {
    var verdict =
        DrillChecks.judge(source(1000, List.of()), table(KEY, List.of()), 1051, List.of(), 5);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.message())
        .isEqualTo("1051 items, where the source had 1000 at backup time (tolerance 5%)");
  }

  @Test
  void aMissingIndexAndAMissingKeyAreBothNamed() {
    var verdict =
        DrillChecks.judge(
            source(3, List.of(BY_DATE)), table(KEY, List.of()), 3, List.of("{pk=order#9}"), 0);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.message())
        .contains("global secondary indexes [] are not the source's [by-date]")
        .contains("sample key {pk=order#9} is missing");
  }

  @Test
  void anotherKeySchemaFails() {
    var other = List.of(new Table.KeyElement("id", "HASH"));

    var verdict = DrillChecks.judge(source(0, List.of()), table(other, List.of()), 0, List.of(), 0);

    assertThat(verdict.message()).contains("key schema [id HASH] is not the source's [pk HASH]");
  }

  @Test
  void theScratchTableNameIsDeterministicAndStaysWithinDynamoDbsLimit() {
    Instant slot = Instant.parse("2026-03-08T05:00:00Z");
    assertThat(DrillTable.name("shop_orders-nightly", slot))
        .isEqualTo("ddbbackup-drill-shop_orders-nightly-20260308T050000Z");
    String longPrefix = "p".repeat(238);
    String name = DrillTable.name(longPrefix, slot);
    assertThat(name)
        .hasSizeLessThanOrEqualTo(255)
        .startsWith("ddbbackup-drill-")
        .endsWith("-20260308T050000Z");
    assertThat(DrillTable.name("q".repeat(238), slot)).isNotEqualTo(name);
  }

  private static BackupDetails source(long items, List<IndexDefinition> global) {
    Backup backup =
        new Backup(
            "arn:b", "b", "orders", Instant.EPOCH, BackupStatus.AVAILABLE, BackupType.USER, 1);
    return new BackupDetails(backup, "arn:t", items, KEY, global, List.of());
  }

  private static Table table(List<Table.KeyElement> key, List<IndexDefinition> global) {
    return new Table(
        "s", "arn:s", "ACTIVE", Instant.EPOCH, null, 0, 0, key, global, List.of(), Map.of());
  }
}
