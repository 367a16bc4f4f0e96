package io.ddbbackup.operator.jobs;

import io.ddbbackup.operator.restore.ReplayJob;
import io.ddbbackup.operator.restore.ReplayJobs;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * The replay Jobs as Kubernetes batch/v1 Jobs in the operator's namespace (the {@link ReplayJobs}
 * port's adapter). The operator needs create, get, list, watch and delete on Jobs there, nothing on
 * pods: the Job controller makes and retries them.
 */
public final class KubernetesReplayJobs implements ReplayJobs {

  private final KubernetesClient client;
  private final ReplayJobSettings settings;

  public KubernetesReplayJobs(KubernetesClient client, ReplayJobSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  public ReplayJobSettings settings() {
    return settings;
  }

  /**
   * Creates the Job unless one of that name exists: the name is fixed by the restore and the
   * export's sequence, so a create whose answer was lost, or an operator that restarted, meets its
   * own Job here (409) and reads it instead of making a second.
   */
  @Override
  public ReplayJob ensure(ReplayRequest request) {
    if (settings.image() == null || settings.image().isBlank()) {
      throw new IllegalStateException(
          "no image for the replay Jobs: start the operator with --replay-image=IMAGE"
              + " (REPLAY_IMAGE; the Helm chart and config/manager set the operator's own image)");
    }
    Job job = ReplayJobManifest.of(request, settings);
    try {
      return ReplayJobState.of(jobs().resource(job).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Job existing = jobs().withName(request.jobName()).get();
      if (existing == null) {
        // it was being deleted: the next reconcile creates it anew
        throw e;
      }
      return ReplayJobState.of(existing);
    }
  }

  @Override
  public Optional<ReplayJob> find(String jobName) {
    return Optional.ofNullable(jobs().withName(jobName).get()).map(ReplayJobState::of);
  }

  /**
   * Listed, then deleted one by one: a delete by label selector is "deletecollection", a right the
   * operator is not given. Background propagation: the Jobs go at once, the garbage collector stops
   * their pods.
   */
  @Override
  public void deleteAllOf(String restoreUid) {
    for (Job job : jobs().withLabel(ReplayJobManifest.RESTORE_UID, restoreUid).list().getItems()) {
      jobs()
          .withName(job.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    }
  }

  @Override
  public String toString() {
    return "Jobs in namespace "
        + settings.namespace()
        + " of image "
        + (settings.image() == null ? "(none: --replay-image unset)" : settings.image())
        + " as ServiceAccount "
        + settings.serviceAccount();
  }

  private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
    return client.batch().v1().jobs().inNamespace(settings.namespace());
  }
}
