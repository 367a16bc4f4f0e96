package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.export.TableShape;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drill of the export chain judges: the scratch table a restore from the chain made, against
 * the chain's own records in the bucket. The base's record counts the table at its export time;
 * each incremental's record counts the items that changed in its window, so the table at the end of
 * the chain holds between base − changed and base + changed items (a changed item may be new,
 * updated or deleted), widened by the tolerance. The key schema and the global indexes must be the
 * recorded ones; local indexes cannot be made by ImportTable and must be absent. Pure: the caller
 * counts the items and looks the sample keys up.
 */
public final class ChainDrillChecks {

  private ChainDrillChecks() {}

  /**
   * @param plan the chain the restore applied, chosen from the records for the point it reports
   * @param restored the scratch table, ACTIVE
   * @param counted the items a COUNT scan of the scratch table found
   * @param missingKeys the sample keys GetItem did not find, as the user wrote them
   * @param tolerancePercent how far the count may be outside the records' range, in percent of the
   *     base's count
   */
  public static DrillChecks.Verdict judge(
      ChainRestorePlan plan,
      Table restored,
      long counted,
      List<String> missingKeys,
      int tolerancePercent) {
    TableShape shape = plan.base().table();
    List<String> failed = new ArrayList<>();
    List<String> recordedKeys =
        shape.keySchema().stream().map(k -> k.attributeName() + " " + k.keyType()).toList();
    List<String> restoredKeys =
        restored.keySchema().stream().map(k -> k.attributeName() + " " + k.keyType()).toList();
    if (!recordedKeys.equals(restoredKeys)) {
      failed.add("key schema %s is not the recorded %s".formatted(restoredKeys, recordedKeys));
    }
    List<String> recordedGlobal =
        shape.globalSecondaryIndexes().stream().map(TableShape.Index::indexName).sorted().toList();
    List<String> restoredGlobal = restored.globalIndexNames().stream().sorted().toList();
    if (!recordedGlobal.equals(restoredGlobal)) {
      failed.add(
          "global secondary indexes %s are not the recorded %s"
              .formatted(restoredGlobal, recordedGlobal));
    }
    if (!restored.localIndexNames().isEmpty()) {
      failed.add(
          "local secondary indexes %s, where an import makes none"
              .formatted(restored.localIndexNames()));
    }
    long base = plan.base().itemCount();
    long changed = plan.incrementalItems();
    long slack = Math.round(base * tolerancePercent / 100.0);
    long low = Math.max(0, base - changed - slack);
    long high = base + changed + slack;
    if (counted < low || counted > high) {
      failed.add(
          ("%d items, where the records allow %d to %d (base %d, %d changed in %d incremental"
                  + " exports, tolerance %d%%)")
              .formatted(
                  counted, low, high, base, changed, plan.incrementals().size(), tolerancePercent));
    }
    for (String key : missingKeys) {
      failed.add("sample key " + key + " is missing");
    }
    if (!failed.isEmpty()) {
      return new DrillChecks.Verdict(false, String.join("; ", failed));
    }
    return new DrillChecks.Verdict(
        true,
        ("%d items (base %d, %d changed in %d incremental exports), key schema and global indexes"
                + " as recorded, every sample key found")
            .formatted(counted, base, changed, plan.incrementals().size()));
  }
}
