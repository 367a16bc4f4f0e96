package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a schedule. The same reason and message on the same schedule land in one
 * Event whose count grows, as client-go's aggregation does, so a schedule failing every minute does
 * not flood etcd.
 */
public class ScheduleEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleEvents.class);
  static final String COMPONENT = "dynamodb-backup-operator";

  private final KubernetesClient client;
  private final Clock clock;

  public ScheduleEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(DynamoDBBackupSchedule schedule, String reason, String message) {
    record(schedule, "Normal", reason, message);
  }

  public void warning(DynamoDBBackupSchedule schedule, String reason, String message) {
    record(schedule, "Warning", reason, message);
  }

  private void record(DynamoDBBackupSchedule schedule, String type, String reason, String message) {
    var meta = schedule.getMetadata();
    String name = meta.getName() + "." + shortHash(meta.getUid() + type + reason + message);
    String now = Times.format(clock.instant());
    var events = client.v1().events().inNamespace(meta.getNamespace());
    try {
      // most events are new (their message names a backup): create first, aggregate on conflict,
      // one request instead of a GET and a POST
      Event created = create(schedule, events, name, type, reason, message, now);
      if (created != null) {
        return;
      }
      Event existing = events.withName(name).get();
      if (existing != null) {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        existing.setCount(count + 1);
        existing.setLastTimestamp(now);
        events.resource(existing).update();
      }
    } catch (KubernetesClientException e) {
      // an Event is a courtesy: losing one must never fail a backup
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          meta.getNamespace(),
          meta.getName(),
          e.getMessage());
    }
  }

  /** Creates the Event; null when one of that name exists already (409). */
  private static Event create(
      DynamoDBBackupSchedule schedule,
      NonNamespaceOperation<Event, EventList, Resource<Event>> events,
      String name,
      String type,
      String reason,
      String message,
      String now) {
    var meta = schedule.getMetadata();
    try {
      return events
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(meta.getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(schedule.getApiVersion())
                          .withKind(schedule.getKind())
                          .withName(meta.getName())
                          .withNamespace(meta.getNamespace())
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
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return null;
      }
      throw e;
    }
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }

  private static String shortHash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
