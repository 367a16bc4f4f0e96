package io.ddbbackup.operator.reconciler;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import java.util.List;

/**
 * The finalizer, on exactly the schedules whose {@code deletionPolicy} is Delete: only they have
 * work to do when deleted. A Retain schedule (the default) carries none, so it goes at once when
 * deleted and its first reconcile writes nothing but its status; the finalizer is added or removed
 * when the policy changes.
 */
final class DeletionFinalizer {

  private final ScheduleStatusApi api;
  private final StatusRecorder recorder;

  DeletionFinalizer(ScheduleStatusApi api, StatusRecorder recorder) {
    this.api = api;
    this.recorder = recorder;
  }

  /** Adds the finalizer to a Delete schedule that lacks it, removes it from any other. */
  Step keep(Step step) {
    boolean wanted = step.settings().deletionPolicy() == DeletionPolicy.Delete;
    if (wanted == carries(step.resource())) {
      return step;
    }
    return step.written(recorder.written(api.withFinalizer(step.resource(), wanted)));
  }

  /** The deletion policy was applied: the schedule may go. */
  void release(DynamoDBBackupSchedule resource) {
    if (carries(resource)) {
      api.withFinalizer(resource, false);
    }
  }

  static boolean carries(DynamoDBBackupSchedule resource) {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(DynamoDBBackupSchedule.FINALIZER);
  }
}
