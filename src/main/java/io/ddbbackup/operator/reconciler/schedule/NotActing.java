package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schedule the operator does not act on (invalid spec, not permitted, a prefix another schedule
 * holds): Ready=False with the reason and a Warning Event, once per generation and message.
 */
final class NotActing {

  private static final Logger LOG = LoggerFactory.getLogger(NotActing.class);

  private final StatusRecorder recorder;
  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Clock clock;

  NotActing(StatusRecorder recorder, ResourceEvents events, ScheduleMetrics metrics, Clock clock) {
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  void report(DynamoDBBackupSchedule resource, ReadyReason reason, String message) {
    ScheduleState state = ScheduleState.of(resource.getStatus());
    Long generation = resource.getMetadata().getGeneration();
    var previous = Conditions.ready(state.conditions());
    boolean alreadyReported =
        previous != null
            && reason.reason().equals(previous.getReason())
            && message.equals(previous.getMessage())
            && generation != null
            && generation.equals(previous.getObservedGeneration());
    if (!alreadyReported) {
      LOG.warn(
          "{} {}/{}: {}",
          reason.reason(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          message);
      events.warning(resource, reason.reason(), message);
    }
    Instant now = clock.instant();
    recorder.write(
        resource,
        state.with(
            s -> {
              s.observedGeneration = generation;
              s.nextScheduleTime = null;
              s.conditions = ReadyReport.notActing(state, reason, message, generation, now);
            }));
    var meta = resource.getMetadata();
    String table =
        resource.getSpec() == null ? "" : String.valueOf(resource.getSpec().getTableName());
    metrics.invalid(new ScheduleMetrics.Key(meta.getNamespace(), meta.getName(), table));
  }
}
