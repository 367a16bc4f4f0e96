package io.ddbbackup.operator.restore;

/**
 * A replay Job as the API server reports it.
 *
 * @param name the Job's name
 * @param state whether it runs, succeeded or failed for good
 * @param shards its completions
 * @param shardsDone the shards (indexes) that succeeded
 * @param message why it failed (the Job's Failed condition), else null
 */
public record ReplayJob(String name, State state, int shards, int shardsDone, String message) {

  /** RUNNING until every shard succeeded (SUCCEEDED) or the Job gave up (FAILED). */
  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }
}
