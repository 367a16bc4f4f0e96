package io.ddbbackup.operator.restore;

import java.util.Optional;

/**
 * The operator's door to the Kubernetes Jobs that replay incremental exports (a port: the restore's
 * reconcile depends on it; an adapter over the Kubernetes API implements it). The Jobs run the
 * operator's own image with the {@code replay} command, in the operator's namespace, under the
 * replay service account, labelled with the restore's uid.
 */
public interface ReplayJobs {

  /**
   * Creates the Job {@code request} describes unless a Job of that name exists (it is then left as
   * it is), and returns the Job as it is now.
   */
  ReplayJob ensure(ReplayRequest request);

  /** The Job named {@code jobName}, empty when there is none. */
  Optional<ReplayJob> find(String jobName);

  /** Deletes every replay Job of the restore with uid {@code restoreUid}, and their pods. */
  void deleteAllOf(String restoreUid);
}
