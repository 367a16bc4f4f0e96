package io.ddbbackup.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * One kind's resources on the API server: a fresh read, and status writes. Status is written with
 * PUT on the status subresource carrying the resourceVersion we read, so two operator instances (or
 * a stale cache) can never both record the same step: the second write fails with 409 before any
 * AWS call that the record was to precede.
 */
public class StatusApi<R extends CustomResource<?, S>, S> {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final Class<R> type;

  public StatusApi(KubernetesClient client, Class<R> type) {
    this.client = client;
    this.type = type;
  }

  /** The resource as the API server has it now, or null when it is gone. */
  public R fresh(R resource) {
    return client
        .resources(type)
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .get();
  }

  /**
   * Writes {@code status} unless it equals what the resource already has. A 409 Conflict is thrown
   * as it comes, even when the resource now holds exactly this status: another writer that read the
   * same version worked out the same record and wrote it first, and that record is a claim (a slot
   * about to be backed up) that only one writer may act on.
   */
  public R writeStatus(R resource, S status) {
    if (status.equals(resource.getStatus())) {
      return resource;
    }
    R copy = SERIALIZATION.clone(resource);
    copy.setStatus(SERIALIZATION.clone(status));
    return put(copy);
  }

  /** One PUT of the status subresource, carrying the resourceVersion read. */
  protected R put(R copy) {
    return client.resource(copy).updateStatus();
  }
}
