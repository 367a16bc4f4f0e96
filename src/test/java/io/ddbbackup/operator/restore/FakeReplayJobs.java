package io.ddbbackup.operator.restore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replay Jobs in memory, for the reconciler's tests: each Job made is kept with its request in the
 * order made, runs until the test ends it ({@link #succeed}, {@link #fail}), and may be given work
 * to do when it succeeds ({@link #onSucceed}, e.g. applying the export's changes to a fake table).
 */
public final class FakeReplayJobs implements ReplayJobs {

  private final Map<String, ReplayRequest> made = new LinkedHashMap<>();
  private final Map<String, ReplayJob> jobs = new LinkedHashMap<>();
  private final List<String> deletedFor = new ArrayList<>();
  private Consumer<ReplayRequest> onSucceed = r -> {};
  private int ensureCalls;
  private RuntimeException refusal;

  /** Every ensure throws {@code e} (null: none does), as an adapter that cannot make Jobs. */
  public synchronized void refuseWith(RuntimeException e) {
    this.refusal = e;
  }

  @Override
  public synchronized ReplayJob ensure(ReplayRequest request) {
    ensureCalls++;
    if (refusal != null) {
      throw refusal;
    }
    if (!jobs.containsKey(request.jobName())) {
      made.put(request.jobName(), request);
      jobs.put(
          request.jobName(),
          new ReplayJob(request.jobName(), ReplayJob.State.RUNNING, request.shards(), 0, null));
    }
    return jobs.get(request.jobName());
  }

  @Override
  public synchronized Optional<ReplayJob> find(String jobName) {
    return Optional.ofNullable(jobs.get(jobName));
  }

  @Override
  public synchronized void deleteAllOf(String restoreUid) {
    deletedFor.add(restoreUid);
    made.values()
        .removeIf(r -> r.restoreUid().equals(restoreUid) && jobs.remove(r.jobName()) != null);
  }

  /** What a succeeding Job does first. */
  public synchronized void onSucceed(Consumer<ReplayRequest> work) {
    this.onSucceed = work;
  }

  /** Every shard of the Job succeeded. */
  public synchronized void succeed(String jobName) {
    ReplayRequest request = made.get(jobName);
    onSucceed.accept(request);
    jobs.put(
        jobName,
        new ReplayJob(
            jobName, ReplayJob.State.SUCCEEDED, request.shards(), request.shards(), null));
  }

  /** Some shards done, the Job still running. */
  public synchronized void progress(String jobName, int shardsDone) {
    ReplayRequest request = made.get(jobName);
    jobs.put(
        jobName,
        new ReplayJob(jobName, ReplayJob.State.RUNNING, request.shards(), shardsDone, null));
  }

  /** The Job gave up. */
  public synchronized void fail(String jobName, String message) {
    ReplayRequest request = made.get(jobName);
    jobs.put(jobName, new ReplayJob(jobName, ReplayJob.State.FAILED, request.shards(), 0, message));
  }

  /** The requests of the Jobs made, in the order they were made. */
  public synchronized List<ReplayRequest> made() {
    return List.copyOf(made.values());
  }

  /** The uids deleteAllOf was called for. */
  public synchronized List<String> deletedFor() {
    return List.copyOf(deletedFor);
  }

  public synchronized int ensureCalls() {
    return ensureCalls;
  }
}
