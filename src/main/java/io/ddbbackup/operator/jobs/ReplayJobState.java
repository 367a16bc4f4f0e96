package io.ddbbackup.operator.jobs;

import io.ddbbackup.operator.restore.ReplayJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Optional;

/** A replay Job as the Job controller reports it, read into the domain's {@link ReplayJob}. */
public final class ReplayJobState {

  private ReplayJobState() {}

  /**
   * SUCCEEDED on the Complete condition, FAILED on Failed (with its reason and message), else
   * RUNNING. The controller's earlier conditions (SuccessCriteriaMet, FailureTarget) are not the
   * end: pods may still be stopping, and a new attempt must not start beside them.
   */
  public static ReplayJob of(Job job) {
    JobStatus status = job.getStatus();
    int shards = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    String name = job.getMetadata().getName();
    if (status == null) {
      return new ReplayJob(name, ReplayJob.State.RUNNING, shards, 0, null);
    }
    int done = shardsDone(status);
    Optional<JobCondition> failed = condition(status.getConditions(), "Failed");
    if (failed.isPresent()) {
      return new ReplayJob(name, ReplayJob.State.FAILED, shards, done, message(failed.get()));
    }
    if (condition(status.getConditions(), "Complete").isPresent()) {
      return new ReplayJob(name, ReplayJob.State.SUCCEEDED, shards, done, null);
    }
    return new ReplayJob(name, ReplayJob.State.RUNNING, shards, done, null);
  }

  /** The indexes that succeeded: status.completedIndexes ("0-2,5"), else the succeeded count. */
  static int shardsDone(JobStatus status) {
    String indexes = status.getCompletedIndexes();
    if (indexes == null || indexes.isBlank()) {
      return status.getSucceeded() == null ? 0 : status.getSucceeded();
    }
    int count = 0;
    for (String part : indexes.split(",")) {
      int dash = part.indexOf('-');
      count +=
          dash < 0
              ? 1
              : Integer.parseInt(part.substring(dash + 1).trim())
                  - Integer.parseInt(part.substring(0, dash).trim())
                  + 1;
    }
    return count;
  }

  private static Optional<JobCondition> condition(List<JobCondition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream()
            .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
  }

  private static String message(JobCondition failed) {
    String reason = failed.getReason();
    String message = failed.getMessage();
    if (message == null || message.isBlank()) {
      return reason == null ? "the Job failed" : reason;
    }
    return reason == null ? message : reason + ": " + message;
  }
}
