package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.reconciler.StatusTimes;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.ddbbackup.operator.restore.ChainRestorePlan;
import java.time.Clock;
import java.util.Optional;

/**
 * Chooses what a restore from the export chain applies, once, from the operator's records in the
 * bucket alone: the base full export and the incremental exports after it up to the point asked
 * ({@link ChainRestorePlan}). The choice and the point it reaches are recorded in status and never
 * made again; a point earlier than asked is said in an Event and on Ready.
 */
final class ExportChainSource {

  private final ChainPlans plans;
  private final ScheduleLookup schedules;
  private final TenancyPolicy tenancy;
  private final ResourceEvents events;
  private final Clock clock;

  ExportChainSource(
      ChainPlans plans,
      ScheduleLookup schedules,
      TenancyPolicy tenancy,
      ResourceEvents events,
      Clock clock) {
    this.plans = plans;
    this.schedules = schedules;
    this.tenancy = tenancy;
    this.events = events;
    this.clock = clock;
  }

  RestoreStep resolve(RestoreStep placed) {
    if (!(placed.settings() != null
            && placed.settings().source() instanceof RestoreSettings.FromExport source)
        || placed.stopped()
        || placed.state().phase().done()
        || placed.state().sourceResolved()) {
      return placed;
    }
    Optional<ChainLocation> where = location(placed, source);
    if (where.isEmpty()) {
      return placed.waiting(
          RestoreReason.SOURCE_NOT_FOUND,
          "schedule %s has no spec.export: it writes no export chain to restore from"
              .formatted(source.schedule()));
    }
    Optional<String> refused = permitted(placed, where.get());
    if (refused.isPresent()) {
      return placed.failedFor(RestoreReason.NOT_PERMITTED, refused.get());
    }
    ChainRestorePlan.Choice choice;
    try {
      choice = plans.choose(placed, where.get(), source.time());
    } catch (BackupStoreException e) {
      return placed.stoppedBy(e, clock.instant());
    }
    if (choice.plan() == null) {
      return choice.problem().contains("format")
          ? placed.failedFor(RestoreReason.INVALID_SPEC, choice.problem())
          : placed.waiting(RestoreReason.SOURCE_NOT_FOUND, choice.problem());
    }
    return chosen(placed, where.get(), choice.plan());
  }

  private RestoreStep chosen(RestoreStep step, ChainLocation where, ChainRestorePlan plan) {
    String reaches = StatusTimes.format(plan.reaches());
    ExportProgress progress =
        new ExportProgress(
            where.bucket(),
            where.bucketOwner(),
            where.prefix(),
            plan.asked(),
            plan.base().exportArn(),
            plan.base().window().to(),
            ChainPlans.lastKey(plan),
            plan.incrementals().size(),
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            0);
    if (plan.shortOfAsked()) {
      events.warning(step.resource(), "PointEarlierThanAsked", shortMessage(where, plan));
    }
    return step.with(
        step.state()
            .with(
                s -> {
                  s.export = progress;
                  s.sourceTableArn = plan.base().table().arn();
                  s.restoredTo = plan.reaches();
                  s.source = ChainPlans.url(where) + "@" + reaches;
                }));
  }

  /** Why the point restored is earlier than the one asked. */
  static String shortMessage(ChainLocation where, ChainRestorePlan plan) {
    String why =
        plan.gapAt() != null
            ? "the chain has a gap at %s (no export starts there)"
                .formatted(StatusTimes.format(plan.gapAt()))
            : "no export window ends between %s and %s"
                .formatted(StatusTimes.format(plan.reaches()), StatusTimes.format(plan.asked()));
    return "The export chain in %s reaches %s, earlier than the %s asked: %s"
        .formatted(
            ChainPlans.url(where),
            StatusTimes.format(plan.reaches()),
            StatusTimes.format(plan.asked()),
            why);
  }

  private Optional<ChainLocation> location(RestoreStep step, RestoreSettings.FromExport source) {
    if (source.bucket() != null) {
      return Optional.of(new ChainLocation(source.bucket(), source.bucketOwner(), source.prefix()));
    }
    // SourcePlacement has checked the schedule exists and is valid while nothing is resolved
    return schedules
        .find(step.resource().getMetadata().getNamespace(), source.schedule())
        .filter(SourceSchedule::valid)
        .map(SourceSchedule::export);
  }

  /** Empty when the tenancy policy lets this namespace use the bucket with the target table. */
  private Optional<String> permitted(RestoreStep step, ChainLocation where) {
    return tenancy.checkRestoreBucket(
        step.resource().getMetadata().getNamespace(),
        step.target().table(),
        TableArn.nameOf(step.target().table()),
        step.target().roleArn(),
        where.bucket());
  }
}
