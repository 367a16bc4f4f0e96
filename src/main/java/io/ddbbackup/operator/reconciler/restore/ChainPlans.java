package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.restore.ChainRestorePlan;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restores' chosen chains, remembered between reconciles (per restore uid) so that the records
 * are read from the bucket once per restore and process, not at each Job. After a restart the chain
 * is read again and chosen again with the same point: the exports are never deleted by the
 * operator, so the choice is the one status recorded; if it is not (the bucket's lifecycle removed
 * a record), the restore stops rather than replay another chain.
 */
final class ChainPlans {

  private final ExportBucket bucket;
  private final Map<String, ChainRestorePlan> plans = new ConcurrentHashMap<>();

  ChainPlans(ExportBucket bucket) {
    this.bucket = bucket;
  }

  /** Reads the chain at {@code where} and chooses for {@code step}'s point; remembered. */
  ChainRestorePlan.Choice choose(RestoreStep step, ChainLocation where, java.time.Instant asked) {
    List<ExportRecord> records = bucket.readChain(step.target(), where);
    ChainRestorePlan.Choice choice = ChainRestorePlan.choose(records, asked, url(where));
    if (choice.plan() != null) {
      plans.put(uid(step), choice.plan());
    }
    return choice;
  }

  /**
   * The plan status recorded for {@code step}: from memory, else read and chosen again. Throws
   * RECORD_UNREADABLE when the chain in the bucket no longer gives the recorded choice.
   */
  ChainRestorePlan recorded(RestoreStep step) {
    ChainRestorePlan known = plans.get(uid(step));
    if (known != null) {
      return known;
    }
    ExportProgress p = step.state().export();
    ChainLocation where = new ChainLocation(p.bucket(), p.bucketOwner(), p.prefix());
    ChainRestorePlan.Choice again = choose(step, where, p.requestedTime());
    ChainRestorePlan plan = again.plan();
    if (plan == null
        || !plan.base().exportArn().equals(p.baseExportArn())
        || plan.incrementals().size() != p.incrementals()
        || !Objects.equals(lastKey(plan), p.lastRecordKey())) {
      plans.remove(uid(step));
      throw new BackupStoreException(
          BackupStoreException.Failure.RECORD_UNREADABLE,
          null,
          "the export chain in %s no longer holds the exports this restore chose (base %s, %d incremental exports): was a record or an export removed from the bucket?"
              .formatted(url(where), p.baseExportArn(), p.incrementals()),
          null);
    }
    return plan;
  }

  void forget(String uid) {
    plans.remove(uid);
  }

  /** The record key of the plan's last incremental export, or null. */
  static String lastKey(ChainRestorePlan plan) {
    return plan.incrementals().isEmpty() ? null : plan.last().key();
  }

  static String url(ChainLocation where) {
    return "s3://" + where.bucket() + "/" + where.prefix();
  }

  private static String uid(RestoreStep step) {
    return step.resource().getMetadata().getUid();
  }
}
