package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.api.DynamoDBRestore;

/** Writes a restore's status: the state of a step, with its Ready condition. */
final class RestoreRecorder {

  private final RestoreStatusApi api;

  RestoreRecorder(RestoreStatusApi api) {
    this.api = api;
  }

  /** The resource as the API server has it now; null when it is gone. */
  DynamoDBRestore fresh(DynamoDBRestore resource) {
    return api.fresh(resource);
  }

  /** Writes the step's state (unless the status says it already); returns what was written. */
  DynamoDBRestore write(RestoreStep step) {
    RestoreState state =
        step.state()
            .with(
                s -> {
                  s.observedGeneration = step.resource().getMetadata().getGeneration();
                  s.conditions = RestoreReport.conditions(step);
                });
    return api.writeStatus(step.resource(), state.toStatus());
  }
}
