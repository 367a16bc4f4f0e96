package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.export.ChainAdvance;
import io.ddbbackup.operator.export.ChainState;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.Gap;
import io.ddbbackup.operator.export.PitrWindow;
import io.ddbbackup.operator.reconciler.Backoff;
import io.ddbbackup.operator.reconciler.Conditions;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the exports tell the user: the Exported condition, the Events, the metrics, and after a
 * failed call the backoff. {@link OffsiteExport} decides; this says it.
 */
final class ExportReport {

  private static final Logger LOG = LoggerFactory.getLogger(ExportReport.class);

  private final ResourceEvents events;
  private final ScheduleMetrics metrics;
  private final Backoff backoff;
  private final Clock clock;
  private final ScheduleMemory memory;

  ExportReport(
      ResourceEvents events,
      ScheduleMetrics metrics,
      Backoff backoff,
      Clock clock,
      ScheduleMemory memory) {
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.clock = clock;
    this.memory = memory;
  }

  /**
   * Tells one note of the chain's advance. {@code window} is the window in flight before it (the
   * one a Completed or Failed note is about); a completed export's record is in the bucket already.
   */
  Step note(Step s, ChainAdvance.Note note, ExportWindow window, ChainState after, OffsiteChain o) {
    ExportSettings want = s.settings().export();
    if (note instanceof ChainAdvance.Note.Completed c) {
      return completed(s, window, c.export(), o, want);
    } else if (note instanceof ChainAdvance.Note.Started started) {
      ExportWindow w = after.recorded() == null ? null : after.recorded().window();
      String message =
          "Export %s started: %s into %s"
              .formatted(
                  w == null ? windowText(started.export()) : w,
                  started.export().arn(),
                  where(want));
      LOG.info("{}: {}", s.key(), message);
      events.normal(s.resource(), "ExportStarted", message);
    } else if (note instanceof ChainAdvance.Note.Failed f) {
      return exportFailed(s, window, f, want);
    } else if (note instanceof ChainAdvance.Note.Abandoned a) {
      return abandoned(s, a);
    } else if (note instanceof ChainAdvance.Note.SkippedSlot skipped) {
      String message =
          ("The full export of %s is not made: the slot lies before the table's earliest"
                  + " restorable time")
              .formatted(skipped.slot());
      LOG.info("{}: {}", s.key(), message);
      events.normal(s.resource(), "ExportSlotSkipped", message);
    } else if (note instanceof ChainAdvance.Note.PitrOff) {
      return pitrOff(s);
    } else if (note instanceof ChainAdvance.Note.WaitingForASeat w) {
      LOG.info(
          "{}: {} exports of the account are in flight; waiting for one to finish",
          s.key(),
          w.inFlight());
    }
    return s;
  }

  private Step completed(
      Step step, ExportWindow window, Export export, OffsiteChain chain, ExportSettings want) {
    String message =
        "Export %s completed: %s, %s items, %s bytes billed; the bucket holds every change"
                .formatted(
                    window, export.arn(), count(export.itemCount()), count(export.billedBytes()))
            + " through %s".formatted(chain.gapFreeThrough());
    LOG.info("{}: {}", step.key(), message);
    events.normal(step.resource(), "ExportCompleted", message);
    metrics.exportFinished(step.metricsKey(), window.kind(), "Completed", export.billedBytes());
    return step.withCondition(
        OffsiteExport.CONDITION,
        "True",
        OffsiteExport.COMPLETED,
        "The bucket %s holds every change through %s (last export %s)"
            .formatted(where(want), chain.gapFreeThrough(), window));
  }

  private Step exportFailed(
      Step step, ExportWindow window, ChainAdvance.Note.Failed f, ExportSettings want) {
    Export e = f.export();
    String message =
        "Export %s failed: %s: %s (into %s)%s; %s"
            .formatted(
                window,
                e.failureCode(),
                e.failureMessage(),
                where(want),
                fixFor(e.failureCode(), want),
                f.retried()
                    ? "tried again with a new token after a pause"
                    : "its window has left the point-in-time recovery window: the next export is"
                        + " a new base");
    LOG.warn("{}: {}", step.key(), message);
    events.warning(step.resource(), "ExportFailed", message);
    metrics.exportFinished(step.metricsKey(), window.kind(), "Failed", null);
    return step.withCondition(OffsiteExport.CONDITION, "False", OffsiteExport.FAILED, message);
  }

  private Step abandoned(Step step, ChainAdvance.Note.Abandoned a) {
    String message =
        "Export %s can never be made (%s); the next export is a new base"
            .formatted(a.window(), a.why());
    LOG.warn("{}: {}", step.key(), message);
    events.warning(step.resource(), "ExportFailed", message);
    metrics.exportFinished(step.metricsKey(), a.window().kind(), "Abandoned", null);
    return step.withCondition(OffsiteExport.CONDITION, "False", OffsiteExport.ABANDONED, message);
  }

  /** Point-in-time recovery is off: the condition names the fix, and it is looked at again. */
  Step pitrOff(Step step) {
    String message =
        ("Point-in-time recovery of table %s is off, and exports need it: turn it on with"
                + " spec.pointInTimeRecovery (enabled: true), or outside the operator; exports"
                + " start at the next full slot after that")
            .formatted(step.settings().tableName());
    Condition condition = Conditions.of(step.state().conditions(), OffsiteExport.CONDITION);
    if (condition == null || !message.equals(condition.getMessage())) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "PitrOffForExport", message);
    }
    return step.withCondition(OffsiteExport.CONDITION, "False", OffsiteExport.PITR_OFF, message)
        .wakeWithin(clock.instant(), OffsiteExport.PITR_RECHECK);
  }

  /** Point-in-time recovery was off and is on now: said now, not only at the next export. */
  Step pitrBackOn(Step step, PitrWindow pitr) {
    Condition condition = Conditions.of(step.state().conditions(), OffsiteExport.CONDITION);
    if (condition == null || !OffsiteExport.PITR_OFF.equals(condition.getReason())) {
      return step; // the window is read only when the condition says PITR was off
    }
    Instant earliest = pitr.earliest();
    if (earliest == null) {
      return step;
    }
    return step.withCondition(
        OffsiteExport.CONDITION,
        "Unknown",
        OffsiteExport.PITR_ON,
        ("Point-in-time recovery of table %s is on; exports resume with the next one due"
                + " (a full slot before %s cannot be exported)")
            .formatted(step.settings().tableName(), StatusTimes.seconds(earliest)));
  }

  /** The gap a new base reports, told once, after the status write that records it. */
  void gap(Step step, String message) {
    LOG.warn("{}: {}", step.key(), message);
    events.warning(step.resource(), "ExportGap", message);
    metrics.exportGap(step.metricsKey());
  }

  static String gapMessage(Step step, Gap gap) {
    return ("Changes from %s to %s of table %s left the point-in-time recovery window before they"
            + " were exported and are not in the bucket; a new full export at %s starts the"
            + " chain again")
        .formatted(gap.from(), gap.to(), step.settings().tableName(), gap.to());
  }

  /** A call failed or was queued: the state so far is kept, and the work comes back. */
  Step failed(Step step, BackupStoreException e) {
    Instant asked = clock.instant();
    if (e.failure() == Failure.QUEUED) {
      return step.wakeWithin(asked, e.retryAfter());
    }
    if (e.failure() == Failure.NOT_LEADER) {
      return step.stoppedBy(e, asked);
    }
    if (e.failure() == Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE) {
      return pitrOff(step);
    }
    int failures = ++memory.of(step.resource()).exportFailures;
    if (e.failure().isTransient()) {
      LOG.info("{}: an export call will be retried: {}", step.key(), e.getMessage());
      return step.wakeWithin(asked, backoff.failure(failures, true));
    }
    String reason = ReadyReason.of(e.failure()).reason();
    String message = "Exports: " + e.getMessage();
    Condition condition = Conditions.of(step.state().conditions(), OffsiteExport.CONDITION);
    if (condition == null || !message.equals(condition.getMessage())) {
      LOG.warn("{}: {}", step.key(), message);
      events.warning(step.resource(), "ExportFailed", message);
    }
    return step.withCondition(OffsiteExport.CONDITION, "False", reason, message)
        .wakeWithin(asked, backoff.failure(failures, false));
  }

  /** The condition as given, unless it says that already (no write for nothing new). */
  Step told(Step step, String status, String reason, String message) {
    Condition condition = Conditions.of(step.state().conditions(), OffsiteExport.CONDITION);
    if (condition != null
        && status.equals(condition.getStatus())
        && message.equals(condition.getMessage())) {
      return step;
    }
    return step.withCondition(OffsiteExport.CONDITION, status, reason, message);
  }

  /**
   * The off-site point and the age it may reach: two periods (the incremental period, else the time
   * between two full slots), so one export late is an alert and one slow export is not.
   */
  void tellPoint(Step step, ChainState chain, ExportSettings want) {
    Duration period = want.cadence().incrementalPeriod();
    if (period == null) {
      Instant next = want.cadence().full().nextAfter(step.now()).orElse(null);
      Instant after = next == null ? null : want.cadence().full().nextAfter(next).orElse(null);
      period = after == null ? null : Duration.between(next, after);
    }
    metrics.offsitePoint(
        step.metricsKey(),
        chain.chain().gapFreeThrough(),
        chain.chain().createdAt(),
        period == null ? null : period.multipliedBy(2));
  }

  /** No export wanted any more: the off-site point is no longer told. */
  void noPoint(Step step) {
    metrics.offsitePoint(step.metricsKey(), null, null, null);
  }

  /**
   * What the user can do about a failure DynamoDB reports for an export into S3, or nothing. The
   * export writes as the operator's role, so a refusal is that role's policy or the bucket's.
   */
  static String fixFor(String failureCode, ExportSettings want) {
    ExportDestination d = want.destination();
    if ("S3AccessDenied".equals(failureCode)) {
      return ("; the operator's role needs s3:PutObject and s3:AbortMultipartUpload on"
              + " arn:aws:s3:::%s/%s/* (config/iam/export-policy.json), and the bucket policy"
              + " must let that role in (config/iam/export-bucket-policy.json%s)")
          .formatted(
              d.bucket(),
              d.prefix(),
              d.bucketOwner() == null
                  ? ""
                  : "; spec.export.s3BucketOwner says account " + d.bucketOwner() + " owns it");
    }
    if ("S3NoSuchBucket".equals(failureCode)) {
      return "; create the bucket, or name an existing one in spec.export.s3Bucket (and its"
          + " account in spec.export.s3BucketOwner when another account owns it)";
    }
    return "";
  }

  static String where(ExportSettings want) {
    ExportDestination d = want.destination();
    return "s3://" + d.bucket() + "/" + d.prefix();
  }

  private static String windowText(Export export) {
    return export.window() == null ? "" : export.window().toString();
  }

  private static String count(Long n) {
    return n == null ? "an unknown number of" : String.valueOf(n);
  }
}
