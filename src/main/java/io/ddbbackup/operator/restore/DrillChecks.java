package io.ddbbackup.operator.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a restore drill judges: the restored table against the backup's record of its source table.
 * Pure: the caller counts the items and looks the sample keys up.
 */
public final class DrillChecks {

  private DrillChecks() {}

  /** Passed, or the failed checks named. */
  public record Verdict(boolean passed, String message) {}

  /**
   * @param source DescribeBackup's record of the table at backup time
   * @param restored the scratch table, ACTIVE
   * @param counted the items a COUNT scan of the scratch table found
   * @param missingKeys the sample keys GetItem did not find, as the user wrote them
   * @param tolerancePercent how far the count may be from the source's at backup time
   */
  public static Verdict judge(
      BackupDetails source,
      Table restored,
      long counted,
      List<String> missingKeys,
      int tolerancePercent) {
    List<String> failed = new ArrayList<>(shapeProblems(source, restored));
    long expected = source.sourceItemCount();
    long slack = Math.round(expected * tolerancePercent / 100.0);
    if (Math.abs(counted - expected) > slack) {
      failed.add(
          "%d items, where the source had %d at backup time (tolerance %d%%)"
              .formatted(counted, expected, tolerancePercent));
    }
    for (String key : missingKeys) {
      failed.add("sample key " + key + " is missing");
    }
    if (failed.isEmpty()) {
      return new Verdict(
          true,
          "%d items (source %d), key schema and indexes as the source's, every sample key found"
              .formatted(counted, expected));
    }
    return new Verdict(false, String.join("; ", failed));
  }

  /** The restored table's key schema and indexes against the source's. */
  private static List<String> shapeProblems(BackupDetails source, Table restored) {
    List<String> failed = new ArrayList<>();
    if (!Objects.equals(source.keySchema(), restored.keySchema())) {
      failed.add(
          "key schema %s is not the source's %s"
              .formatted(keys(restored.keySchema()), keys(source.keySchema())));
    }
    List<String> sourceGlobal = names(source.globalSecondaryIndexes());
    List<String> restoredGlobal = restored.globalIndexNames().stream().sorted().toList();
    if (!sourceGlobal.equals(restoredGlobal)) {
      failed.add(
          "global secondary indexes %s are not the source's %s"
              .formatted(restoredGlobal, sourceGlobal));
    }
    List<String> sourceLocal = names(source.localSecondaryIndexes());
    List<String> restoredLocal = restored.localIndexNames().stream().sorted().toList();
    if (!sourceLocal.equals(restoredLocal)) {
      failed.add(
          "local secondary indexes %s are not the source's %s"
              .formatted(restoredLocal, sourceLocal));
    }
    return failed;
  }

  private static List<String> names(List<IndexDefinition> indexes) {
    return indexes.stream().map(IndexDefinition::name).sorted().toList();
  }

  private static String keys(List<Table.KeyElement> keys) {
    return keys.stream().map(k -> k.attributeName() + " " + k.keyType()).toList().toString();
  }
}
