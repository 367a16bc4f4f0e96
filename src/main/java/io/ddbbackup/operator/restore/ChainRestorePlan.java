package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a restore from the export chain applies, chosen from the records in the bucket alone: the
 * newest full export at or before the point asked (the base), then each incremental export whose
 * window starts where the one before ended, as long as it ends at or before that point. The point
 * restored ({@link #reaches()}) is the end of the last one applied: the point asked when a window
 * ends exactly there, else earlier, and at the first gap in the chain when there is one. Pure.
 *
 * @param base the full export imported into the new table
 * @param incrementals the incremental exports replayed after it, oldest first
 * @param asked the point asked; null for the newest the chain reaches
 * @param reaches the state the table will hold: the end of the last export applied
 * @param gapAt where the chain breaks after {@code reaches} before the point asked (no export
 *     starts there), else null
 */
public record ChainRestorePlan(
    ExportRecord base,
    List<ExportRecord> incrementals,
    Instant asked,
    Instant reaches,
    Instant gapAt) {

  public ChainRestorePlan {
    Objects.requireNonNull(base, "base");
    incrementals = List.copyOf(incrementals);
    Objects.requireNonNull(reaches, "reaches");
  }

  /** A plan, or why there is none. */
  public record Choice(ChainRestorePlan plan, String problem) {}

  /**
   * Chooses from {@code records} (any order) for a restore to {@code asked} (null: the newest
   * point); {@code where} names the chain in a problem's words, e.g. {@code s3://b/shop/orders}.
   */
  public static Choice choose(List<ExportRecord> records, Instant asked, String where) {
    List<ExportRecord> chain = new ArrayList<>(records);
    chain.sort(ExportRecord.CHAIN_ORDER);
    ExportRecord base = null;
    for (ExportRecord r : chain) {
      if (r.window().kind() == ExportKind.FULL
          && (asked == null || !r.window().to().isAfter(asked))) {
        base = r;
      }
    }
    if (base == null) {
      return new Choice(null, noBase(chain, asked, where));
    }
    List<ExportRecord> applied = new ArrayList<>();
    Instant cursor = base.window().to();
    Instant gapAt = null;
    for (ExportRecord r : chain.subList(chain.indexOf(base) + 1, chain.size())) {
      if (r.window().kind() != ExportKind.INCREMENTAL || r.window().from().isBefore(cursor)) {
        continue; // a later base's own chain, or a window this one already covers
      }
      if (asked != null && r.window().to().isAfter(asked)) {
        break;
      }
      if (r.window().from().isAfter(cursor)) {
        gapAt = cursor;
        break;
      }
      applied.add(r);
      cursor = r.window().to();
    }
    List<ExportRecord> all = new ArrayList<>(applied);
    all.add(base);
    for (ExportRecord r : all) {
      if (r.format() != ExportDestination.Format.DYNAMODB_JSON) {
        return new Choice(
            null,
            "export %s in %s is in %s format: a restore reads DYNAMODB_JSON exports only"
                .formatted(r.exportArn(), where, r.format()));
      }
    }
    return new Choice(new ChainRestorePlan(base, applied, asked, cursor, gapAt), null);
  }

  /** True when the table will hold an earlier state than the one asked. */
  public boolean shortOfAsked() {
    return asked != null && reaches.isBefore(asked);
  }

  /** The last export applied: the base when there is no incremental. */
  public ExportRecord last() {
    return incrementals.isEmpty() ? base : incrementals.get(incrementals.size() - 1);
  }

  /** The changed items the incremental exports hold, as their records say. */
  public long incrementalItems() {
    return incrementals.stream().mapToLong(ExportRecord::itemCount).sum();
  }

  private static String noBase(List<ExportRecord> chain, Instant asked, String where) {
    if (chain.isEmpty()) {
      return "no export records under %s (the operator writes one beside each completed export"
              .formatted(where)
          + " in <prefix>/ddbbackup/chain/): check the bucket, bucketOwner and prefix";
    }
    Instant oldestFull =
        chain.stream()
            .filter(r -> r.window().kind() == ExportKind.FULL)
            .map(r -> r.window().to())
            .findFirst()
            .orElse(null);
    if (oldestFull == null) {
      return "the chain in %s has no full export to start from".formatted(where);
    }
    return "no full export in %s at or before %s: the oldest is at %s; ask for a later"
            .formatted(where, asked, oldestFull)
        + " spec.source.fromExport.pointInTime";
  }
}
