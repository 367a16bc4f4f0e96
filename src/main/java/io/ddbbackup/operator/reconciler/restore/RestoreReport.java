package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.reconciler.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/**
 * A restore's Ready condition, built from what the reconcile reports; it keeps its
 * lastTransitionTime while its status holds, and a reconcile with nothing to report leaves it be.
 */
final class RestoreReport {

  private RestoreReport() {}

  static List<Condition> conditions(RestoreStep step) {
    RestoreState state = step.state();
    Long generation = step.resource().getMetadata().getGeneration();
    RestoreStep.News news = step.news();
    Condition current = Conditions.ready(state.conditions());
    if (news == null) {
      boolean told = current != null && Objects.equals(generation, current.getObservedGeneration());
      if (told || step.queued()) {
        return state.conditions();
      }
      news = idle(state);
    }
    return Conditions.withReady(
        state.conditions(),
        Conditions.READY,
        news.reason().ready(),
        news.reason().reason(),
        news.message(),
        generation,
        step.now());
  }

  /** What a reconcile with no news of its own says: where the restore stands. */
  private static RestoreStep.News idle(RestoreState state) {
    return switch (state.phase()) {
      case Completed ->
          new RestoreStep.News(
              RestoreReason.COMPLETED,
              "Restored %s in %ds".formatted(state.source(), state.durationSeconds()));
      case Restoring ->
          new RestoreStep.News(RestoreReason.RESTORING, "Restoring " + state.source());
      default -> new RestoreStep.News(RestoreReason.RESTORING, "Resolving the source");
    };
  }
}
