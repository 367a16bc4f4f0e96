package io.ddbbackup.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;

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
   * Writes {@code status} unless it equals what the resource already has.
   *
   * <p>A 409 Conflict whose resource already holds exactly this status is our own write: a PUT the
   * client sent again after the API server had applied it (the HTTP client retries a request whose
   * answer it did not get), which then met the version its first attempt made. It is taken as
   * written, not as a conflict; any other 409 is thrown.
   */
  public R writeStatus(R resource, S status) {
    if (status.equals(resource.getStatus())) {
      return resource;
    }
    R copy = SERIALIZATION.clone(resource);
    copy.setStatus(SERIALIZATION.clone(status));
    try {
      return put(copy);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      R now = fresh(resource);
      if (now == null || !status.equals(now.getStatus())) {
        throw e;
      }
      return now;
    }
  }

  /** One PUT of the status subresource, carrying the resourceVersion read. */
  protected R put(R copy) {
    return client.resource(copy).updateStatus();
  }
}
