package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.ExportRestoreStatus;
import io.ddbbackup.operator.reconciler.StatusTimes;
import java.time.Instant;

/**
 * A restore from the export chain as far as it got, as values (status.export): the chain chosen,
 * the import of its base, and the replay of its incremental exports. Read from and written to the
 * status here only.
 *
 * @param lastRecordKey the record of the last incremental export to replay; null when none
 * @param incrementals how many incremental exports follow the base
 * @param applied how many of them are replayed, in order
 */
record ExportProgress(
    String bucket,
    String bucketOwner,
    String prefix,
    Instant requestedTime,
    String baseExportArn,
    Instant baseTime,
    String lastRecordKey,
    int incrementals,
    int applied,
    String importClientToken,
    String importArn,
    Long importedItemCount,
    String replayJob,
    Integer shards,
    Integer shardsDone,
    long itemsReplayed) {

  ExportProgress {
    requestedTime = StatusTimes.seconds(requestedTime);
    baseTime = StatusTimes.seconds(baseTime);
  }

  static ExportProgress of(ExportRestoreStatus s) {
    if (s == null) {
      return null;
    }
    return new ExportProgress(
        s.getBucket(),
        s.getBucketOwner(),
        s.getPrefix(),
        StatusTimes.parse(s.getRequestedTime()),
        s.getBaseExportArn(),
        StatusTimes.parse(s.getBaseTime()),
        s.getLastRecordKey(),
        s.getIncrementals() == null ? 0 : s.getIncrementals(),
        s.getApplied() == null ? 0 : s.getApplied(),
        s.getImportClientToken(),
        s.getImportArn(),
        s.getImportedItemCount(),
        s.getReplayJob(),
        s.getShards(),
        s.getShardsDone(),
        s.getItemsReplayed() == null ? 0 : s.getItemsReplayed());
  }

  ExportRestoreStatus toStatus() {
    ExportRestoreStatus s = new ExportRestoreStatus();
    s.setBucket(bucket);
    s.setBucketOwner(bucketOwner);
    s.setPrefix(prefix);
    s.setRequestedTime(StatusTimes.format(requestedTime));
    s.setBaseExportArn(baseExportArn);
    s.setBaseTime(StatusTimes.format(baseTime));
    s.setLastRecordKey(lastRecordKey);
    s.setIncrementals(incrementals);
    s.setApplied(applied);
    s.setImportClientToken(importClientToken);
    s.setImportArn(importArn);
    s.setImportedItemCount(importedItemCount);
    s.setReplayJob(replayJob);
    s.setShards(shards);
    s.setShardsDone(shardsDone);
    s.setItemsReplayed(itemsReplayed);
    return s;
  }

  ExportProgress importing(String clientToken) {
    return new ExportProgress(
        bucket,
        bucketOwner,
        prefix,
        requestedTime,
        baseExportArn,
        baseTime,
        lastRecordKey,
        incrementals,
        applied,
        clientToken,
        importArn,
        importedItemCount,
        replayJob,
        shards,
        shardsDone,
        itemsReplayed);
  }

  ExportProgress imported(String arn, Long items) {
    return new ExportProgress(
        bucket,
        bucketOwner,
        prefix,
        requestedTime,
        baseExportArn,
        baseTime,
        lastRecordKey,
        incrementals,
        applied,
        importClientToken,
        arn,
        items,
        replayJob,
        shards,
        shardsDone,
        itemsReplayed);
  }

  ExportProgress replaying(String job, int jobShards, int done) {
    return new ExportProgress(
        bucket,
        bucketOwner,
        prefix,
        requestedTime,
        baseExportArn,
        baseTime,
        lastRecordKey,
        incrementals,
        applied,
        importClientToken,
        importArn,
        importedItemCount,
        job,
        jobShards,
        done,
        itemsReplayed);
  }

  /** One more incremental export replayed, holding {@code items} changed items. */
  ExportProgress appliedOne(long items) {
    return new ExportProgress(
        bucket,
        bucketOwner,
        prefix,
        requestedTime,
        baseExportArn,
        baseTime,
        lastRecordKey,
        incrementals,
        applied + 1,
        importClientToken,
        importArn,
        importedItemCount,
        null,
        null,
        null,
        itemsReplayed + items);
  }

  boolean allApplied() {
    return applied >= incrementals;
  }
}
