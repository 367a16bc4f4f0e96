package io.ddbbackup.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/** A restore from the export chain as far as it got: the chain chosen, the import, the replay. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportRestoreStatus {

  @JsonPropertyDescription("The bucket the chain is in.")
  private String bucket;

  @JsonPropertyDescription("The bucket's owner account, when it is another account's.")
  private String bucketOwner;

  @JsonPropertyDescription("The prefix the exports were written under.")
  private String prefix;

  @JsonPropertyDescription(
      "spec.source.fromExport.pointInTime as asked, RFC 3339; absent: the newest point the chain reaches.")
  @JsonSerialize(using = Rfc3339.class)
  private String requestedTime;

  @JsonPropertyDescription("The full export imported: the base of the restore.")
  private String baseExportArn;

  @JsonPropertyDescription("The base's export time, RFC 3339.")
  @JsonSerialize(using = Rfc3339.class)
  private String baseTime;

  @JsonPropertyDescription(
      "The record (in the bucket) of the last incremental export the restore replays; absent when it replays none.")
  private String lastRecordKey;

  @JsonPropertyDescription("The incremental exports to replay after the base, in order.")
  private Integer incrementals;

  @JsonPropertyDescription("The incremental exports replayed so far; never one out of order.")
  private Integer applied;

  @JsonPropertyDescription(
      "The ClientToken of the ImportTable call, recorded before the call: a repeat answers with the same import.")
  private String importClientToken;

  @JsonPropertyDescription("The import of the base into the new table.")
  private String importArn;

  @JsonPropertyDescription("The items the import brought in.")
  private Long importedItemCount;

  @JsonPropertyDescription(
      "The Job replaying the current incremental export (in the operator's namespace).")
  private String replayJob;

  @JsonPropertyDescription("Its pods (indexes).")
  private Integer shards;

  @JsonPropertyDescription("Its indexes that succeeded.")
  private Integer shardsDone;

  @JsonPropertyDescription(
      "The changed items of the incremental exports replayed so far (their records' item counts).")
  private Long itemsReplayed;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getBucketOwner() {
    return bucketOwner;
  }

  public void setBucketOwner(String bucketOwner) {
    this.bucketOwner = bucketOwner;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getRequestedTime() {
    return requestedTime;
  }

  public void setRequestedTime(String requestedTime) {
    this.requestedTime = requestedTime;
  }

  public String getBaseExportArn() {
    return baseExportArn;
  }

  public void setBaseExportArn(String baseExportArn) {
    this.baseExportArn = baseExportArn;
  }

  public String getBaseTime() {
    return baseTime;
  }

  public void setBaseTime(String baseTime) {
    this.baseTime = baseTime;
  }

  public String getLastRecordKey() {
    return lastRecordKey;
  }

  public void setLastRecordKey(String lastRecordKey) {
    this.lastRecordKey = lastRecordKey;
  }

  public Integer getIncrementals() {
    return incrementals;
  }

  public void setIncrementals(Integer incrementals) {
    this.incrementals = incrementals;
  }

  public Integer getApplied() {
    return applied;
  }

  public void setApplied(Integer applied) {
    this.applied = applied;
  }

  public String getImportClientToken() {
    return importClientToken;
  }

  public void setImportClientToken(String importClientToken) {
    this.importClientToken = importClientToken;
  }

  public String getImportArn() {
    return importArn;
  }

  public void setImportArn(String importArn) {
    this.importArn = importArn;
  }

  public Long getImportedItemCount() {
    return importedItemCount;
  }

  public void setImportedItemCount(Long importedItemCount) {
    this.importedItemCount = importedItemCount;
  }

  public String getReplayJob() {
    return replayJob;
  }

  public void setReplayJob(String replayJob) {
    this.replayJob = replayJob;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getShardsDone() {
    return shardsDone;
  }

  public void setShardsDone(Integer shardsDone) {
    this.shardsDone = shardsDone;
  }

  public Long getItemsReplayed() {
    return itemsReplayed;
  }

  public void setItemsReplayed(Long itemsReplayed) {
    this.itemsReplayed = itemsReplayed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExportRestoreStatus that)) {
      return false;
    }
    return Objects.equals(bucket, that.bucket)
        && Objects.equals(bucketOwner, that.bucketOwner)
        && Objects.equals(prefix, that.prefix)
        && Objects.equals(requestedTime, that.requestedTime)
        && Objects.equals(baseExportArn, that.baseExportArn)
        && Objects.equals(baseTime, that.baseTime)
        && Objects.equals(lastRecordKey, that.lastRecordKey)
        && Objects.equals(incrementals, that.incrementals)
        && Objects.equals(applied, that.applied)
        && Objects.equals(importClientToken, that.importClientToken)
        && Objects.equals(importArn, that.importArn)
        && Objects.equals(importedItemCount, that.importedItemCount)
        && Objects.equals(replayJob, that.replayJob)
        && Objects.equals(shards, that.shards)
        && Objects.equals(shardsDone, that.shardsDone)
        && Objects.equals(itemsReplayed, that.itemsReplayed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
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
        replayJob,
        shards,
        shardsDone,
        itemsReplayed);
  }
}
