package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import java.util.List;

/**
 * The finalizer, on exactly the schedules that have work to do when deleted: those whose {@code
 * deletionPolicy} is Delete (their backups go), and those with restore drills ({@code spec.verify},
 * or a drill still in flight after it was removed: its scratch table goes). Any other schedule
 * (Retain, the default, without drills) carries none, so it goes at once when deleted and its first
 * reconcile writes nothing but its status; the finalizer is added or removed when the spec changes.
 */
final class DeletionFinalizer {

  private final ScheduleStatusApi api;
  private final StatusRecorder recorder;

  DeletionFinalizer(ScheduleStatusApi api, StatusRecorder recorder) {
    this.api = api;
    this.recorder = recorder;
  }

  /** Adds the finalizer to a schedule that needs it and lacks it, removes it from any other. */
  Step keep(Step step) {
    boolean wanted = wanted(step.settings(), step.state());
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

  /** True when deleting the schedule leaves work: its backups, or a drill's scratch table. */
  static boolean wanted(ScheduleSettings settings, ScheduleState state) {
    return settings.deletionPolicy() == DeletionPolicy.Delete
        || settings.verify() != null
        || state.verification().drill() != null
        || state.chainDrill().underWay();
  }

  static boolean carries(DynamoDBBackupSchedule resource) {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(DynamoDBBackupSchedule.FINALIZER);
  }
}
