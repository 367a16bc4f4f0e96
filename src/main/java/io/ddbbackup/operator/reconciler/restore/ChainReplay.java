package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.restore.ChainRestorePlan;
import io.ddbbackup.operator.restore.ReplayJob;
import io.ddbbackup.operator.restore.ReplayJobs;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.TargetOwnership;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Step two of a restore from the export chain: each incremental export replayed into the imported
 * table by a Kubernetes Job of its own ({@link ReplayJobs}), strictly in order. A Job's success is
 * written to status before the next Job is made, so that after any crash the Job of an older window
 * is never run after a newer one; a Job that exists is never made again, and each of its pods may
 * run twice (a final image put twice is the same item). Then the restore completes at the point its
 * plan reaches.
 */
final class ChainReplay {

  private final TableStore tables;
  private final ReplayJobs jobs;
  private final ChainPlans plans;
  private final RestoreRecorder recorder;
  private final ResourceEvents events;
  private final RestoreMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;

  ChainReplay(
      TableStore tables,
      ReplayJobs jobs,
      ChainPlans plans,
      RestoreRecorder recorder,
      ResourceEvents events,
      RestoreMetrics metrics,
      Backoff backoff,
      Clock clock) {
    this.tables = tables;
    this.jobs = jobs;
    this.plans = plans;
    this.recorder = recorder;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
  }

  RestoreStep replay(RestoreStep step) {
    if (step.stopped() || step.state().phase() != RestorePhase.Replaying) {
      return step;
    }
    try {
      ChainRestorePlan plan = plans.recorded(step);
      RestoreStep at = step;
      if (at.state().export().applied() == 0 && !plan.incrementals().isEmpty()) {
        Optional<RestoreStep> notYet = tagNotVisible(at);
        if (notYet.isPresent()) {
          return notYet.get();
        }
      }
      while (!at.state().export().allApplied()) {
        int sequence = at.state().export().applied() + 1;
        ExportRecord record = plan.incrementals().get(sequence - 1);
        ReplayRequest request = request(at, record, sequence);
        ReplayJob job;
        try {
          // read first: a Job that exists is never made again, and reading it is one call
          job = jobs.find(request.jobName()).orElseGet(() -> jobs.ensure(request));
        } catch (RuntimeException e) {
          return cannotMakeJobs(at, request, e);
        }
        if (job.state() == ReplayJob.State.FAILED) {
          return at.failedFor(
              RestoreReason.REPLAY_FAILED,
              "the replay Job %s of export %s failed: %s"
                  .formatted(job.name(), record.exportArn(), job.message()));
        }
        if (job.state() == ReplayJob.State.RUNNING) {
          return running(at, record, job);
        }
        at = applied(at, record, job);
      }
      return completed(at, plan);
    } catch (BackupStoreException e) {
      return step.stoppedBy(e, clock.instant());
    }
  }

  /**
   * The replay pods write only to a table whose owner tag names this restore, and the tag can show
   * seconds after TagResource: the first Job waits until it shows.
   */
  private Optional<RestoreStep> tagNotVisible(RestoreStep step) {
    String owner =
        tables.tags(step.target(), step.state().restoredTableArn()).get(TargetOwnership.OWNER_TAG);
    if (step.resource().getMetadata().getUid().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(
        step.reporting(
                RestoreReason.REPLAYING,
                "Waiting for the owner tag on table %s to show before the replay"
                    .formatted(step.target().table()))
            .wakeWithin(clock.instant(), backoff.follow(Duration.ZERO)));
  }

  /**
   * The Job could not be read or made (no replay image configured, no RBAC on Jobs, the API server
   * refusing): the operator's set-up, not the spec, so it is told on Ready and tried again.
   */
  private RestoreStep cannotMakeJobs(RestoreStep step, ReplayRequest request, RuntimeException e) {
    // RestoreOutcome backs off and sends the Warning
    return step.waiting(
        RestoreReason.REPLAY_FAILED,
        "cannot make or read the replay Job %s in the operator's namespace: %s"
            .formatted(request.jobName(), e.getMessage()));
  }

  private ReplayRequest request(RestoreStep step, ExportRecord record, int sequence) {
    var meta = step.resource().getMetadata();
    var source = (RestoreSettings.FromExport) step.settings().source();
    ExportProgress p = step.state().export();
    return new ReplayRequest(
        ReplayRequest.jobName(meta.getName(), meta.getUid(), sequence),
        meta.getNamespace(),
        meta.getName(),
        meta.getUid(),
        sequence,
        p.bucket(),
        p.bucketOwner(),
        record.dataPrefix() + "manifest-files.json",
        step.target().table(),
        tables.regionOf(step.target()),
        step.target().roleArn(),
        source.parallelism(),
        source.maxWritesPerSecond());
  }

  private RestoreStep running(RestoreStep step, ExportRecord record, ReplayJob job) {
    ExportProgress p = step.state().export();
    Duration age = Duration.between(step.state().startTime(), step.now());
    return step.with(
            step.state()
                .with(s -> s.export = p.replaying(job.name(), job.shards(), job.shardsDone())))
        .reporting(
            RestoreReason.REPLAYING,
            "Replaying incremental export %d of %d (%s to %s) into table %s: Job %s, %d of %d pods done"
                .formatted(
                    p.applied() + 1,
                    p.incrementals(),
                    StatusTimes.format(record.window().from()),
                    StatusTimes.format(record.window().to()),
                    step.target().table(),
                    job.name(),
                    job.shardsDone(),
                    job.shards()))
        .wakeWithin(clock.instant(), backoff.follow(age));
  }

  /** Written before the next Job is made: see the class comment. */
  private RestoreStep applied(RestoreStep step, ExportRecord record, ReplayJob job) {
    RestoreState state =
        step.state()
            .with(
                s -> {
                  s.export = s.export.appliedOne(record.itemCount());
                  s.consecutiveFailures = 0;
                });
    RestoreStep next =
        step.with(state)
            .reporting(
                RestoreReason.REPLAYING,
                "Replayed incremental export %d of %d (to %s) into table %s"
                    .formatted(
                        state.export().applied(),
                        state.export().incrementals(),
                        StatusTimes.format(record.window().to()),
                        step.target().table()));
    return next.written(recorder.write(next));
  }

  private RestoreStep completed(RestoreStep step, ChainRestorePlan plan) {
    Optional<Table> table = tables.describe(step.target());
    Duration took = Duration.between(step.state().startTime(), step.now());
    ExportProgress p = step.state().export();
    RestoreState state =
        step.state()
            .with(
                s -> {
                  s.phase = RestorePhase.Completed;
                  s.completionTime = step.now();
                  s.durationSeconds = Math.max(0, took.toSeconds());
                  s.restoredTo = plan.reaches();
                  s.restoredItemCount = table.map(Table::itemCount).orElse(null);
                  s.restoredTableSizeBytes = table.map(Table::sizeBytes).orElse(null);
                  s.consecutiveFailures = 0;
                });
    String message =
        "Restored %s into table %s in %ds: %d items imported, %d incremental exports replayed (%d changed items)"
            .formatted(
                state.source(),
                step.target().table(),
                state.durationSeconds(),
                p.importedItemCount() == null ? 0 : p.importedItemCount(),
                p.applied(),
                p.itemsReplayed());
    if (plan.shortOfAsked()) {
      message += ". " + ExportChainSource.shortMessage(location(p), plan);
    }
    events.normal(step.resource(), "RestoreCompleted", message);
    String namespace = step.resource().getMetadata().getNamespace();
    metrics.finished(namespace, "Completed", took);
    metrics.fromExport(namespace, took, p.itemsReplayed());
    plans.forget(step.resource().getMetadata().getUid());
    return step.with(state).reporting(RestoreReason.COMPLETED, message);
  }

  private static io.ddbbackup.operator.export.ChainLocation location(ExportProgress p) {
    return new io.ddbbackup.operator.export.ChainLocation(p.bucket(), p.bucketOwner(), p.prefix());
  }
}
