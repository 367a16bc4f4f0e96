package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.text.Fingerprint;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on the operator's resources. The same reason and message on the same resource
 * land in one Event whose count grows, as client-go's aggregation does, so a schedule failing every
 * minute does not flood etcd.
 *
 * <p>An Event is a courtesy, so the operator's instance ({@link #sentInBackground}) never makes a
 * reconcile wait for one: the reconcile hands it over and goes on to its CreateBackup, and a few
 * threads of their own send it, as client-go's broadcaster does. Under a thundering herd the API
 * server's write rate is what limits how fast slots start, and Events would otherwise take half of
 * it on the critical path. A full queue drops the Event, never the backup.
 */
public class ResourceEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceEvents.class);
  static final String COMPONENT = "dynamodb-backup-operator";

  /** Events waiting to be sent; a thousand schedules on one minute make two thousand. */
  static final int QUEUE_CAPACITY = 20_000;

  private static final int SENDERS = 4;

  private final KubernetesClient client;
  private final Clock clock;
  private final Executor sender;

  /** Sends each Event in the calling thread, before returning: for tests. */
  public ResourceEvents(KubernetesClient client, Clock clock) {
    this(client, clock, Runnable::run);
  }

  ResourceEvents(KubernetesClient client, Clock clock, Executor sender) {
    this.client = client;
    this.clock = clock;
    this.sender = sender;
  }

  /** Events queued and sent by threads of their own, so that no reconcile waits for one. */
  public static ResourceEvents sentInBackground(KubernetesClient client, Clock clock) {
    return sentInBackground(client, clock, SENDERS, QUEUE_CAPACITY);
  }

  public static ResourceEvents sentInBackground(
      KubernetesClient client, Clock clock, int senders, int capacity) {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            senders,
            senders,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(capacity),
            r -> {
              Thread t = new Thread(r, "events-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, e) -> LOG.warn("event queue full ({} waiting): an event was dropped", capacity));
    executor.allowCoreThreadTimeOut(true);
    return new ResourceEvents(client, clock, executor);
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    // everything taken now: the resource may change before the Event is sent
    var meta = resource.getMetadata();
    String namespace = meta.getNamespace();
    String name =
        meta.getName() + "." + Fingerprint.of(meta.getUid() + type + reason + message, 12);
    String now = StatusTimes.format(clock.instant());
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(meta.getName())
                    .withNamespace(namespace)
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(truncate(message))
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    sender.execute(() -> send(event, meta.getName()));
  }

  private void send(Event event, String schedule) {
    String namespace = event.getMetadata().getNamespace();
    String name = event.getMetadata().getName();
    var events = client.v1().events().inNamespace(namespace);
    try {
      // most events are new (their message names a backup): create first, aggregate on conflict,
      // one request instead of a GET and a POST
      if (create(events, event)) {
        return;
      }
      Event existing = events.withName(name).get();
      if (existing != null) {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        existing.setCount(count + 1);
        existing.setLastTimestamp(event.getLastTimestamp());
        events.resource(existing).update();
      }
    } catch (KubernetesClientException e) {
      // an Event is a courtesy: losing one must never fail a backup
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          event.getReason(),
          namespace,
          schedule,
          e.getMessage());
    }
  }

  /** Creates the Event; false when one of that name exists already (409). */
  private static boolean create(
      NonNamespaceOperation<Event, EventList, Resource<Event>> events, Event event) {
    try {
      events.resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
