package io.ddbbackup.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.restore.ReplayJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Job's status, as the Job controller writes it, read into the restore's ReplayJob. */
class ReplayJobStateTest {

  @ParameterizedTest(name = "completedIndexes \"{0}\" (succeeded {1}) is {2} shards done")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0-2,5   | 4 | 4
          1,2     | 2 | 2
          0-9     | 0 | 10
          3       | 1 | 1
                  | 2 | 2
          """)
  void shardsDoneCountTheCompletedIndexes(String indexes, int succeeded, int done) {
    Job job = job(8);
    job.getStatus().setCompletedIndexes(indexes);
    job.getStatus().setSucceeded(succeeded);

    assertThat(ReplayJobState.of(job).shardsDone()).isEqualTo(done);
  }

  @Test
  void aJobWithoutStatusHasJustStarted() {
    Job job = job(3);
    job.setStatus(null);

    assertThat(ReplayJobState.of(job))
        .isEqualTo(new ReplayJob("ddb-replay-r-12345678-1", ReplayJob.State.RUNNING, 3, 0, null));
  }

  @Test
  void itSucceedsOnCompleteNotOnSuccessCriteriaMetAlone() {
    Job job = job(2);
    job.getStatus().setCompletedIndexes("0,1");
    job.getStatus().getConditions().add(condition("SuccessCriteriaMet", "CompletionsReached"));

    assertThat(ReplayJobState.of(job).state()).isEqualTo(ReplayJob.State.RUNNING);

    job.getStatus().getConditions().add(condition("Complete", "CompletionsReached"));
    assertThat(ReplayJobState.of(job).state()).isEqualTo(ReplayJob.State.SUCCEEDED);
    assertThat(ReplayJobState.of(job).shardsDone()).isEqualTo(2);
  }

  @Test
  void itFailsOnFailedNotOnFailureTargetWhilePodsMayStillRunAndSaysWhy() {
    Job job = job(2);
    job.getStatus().getConditions().add(condition("FailureTarget", "PodFailurePolicy"));

    assertThat(ReplayJobState.of(job).state()).isEqualTo(ReplayJob.State.RUNNING);

    job.getStatus().getConditions().add(condition("Failed", "PodFailurePolicy"));
    ReplayJob failed = ReplayJobState.of(job);
    assertThat(failed.state()).isEqualTo(ReplayJob.State.FAILED);
    assertThat(failed.message())
        .isEqualTo("PodFailurePolicy: Container replay for pod p failed with exit code 2");
  }

  private static Job job(int shards) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("ddb-replay-r-12345678-1")
        .endMetadata()
        .withNewSpec()
        .withCompletions(shards)
        .endSpec()
        .withNewStatus()
        .endStatus()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, String reason) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(
            reason.equals("PodFailurePolicy")
                ? "Container replay for pod p failed with exit code 2"
                : "")
        .build();
  }
}
