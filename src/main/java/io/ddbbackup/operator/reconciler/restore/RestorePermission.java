package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import java.util.Optional;

/** The target table and role must be the namespace's to use under the tenancy policy. */
final class RestorePermission {

  private final TenancyPolicy tenancy;

  RestorePermission(TenancyPolicy tenancy) {
    this.tenancy = tenancy;
  }

  RestoreStep check(RestoreStep step) {
    if (step.state().phase().done()) {
      return step;
    }
    Optional<String> refused =
        tenancy.check(
            step.resource().getMetadata().getNamespace(),
            step.target().table(),
            TableArn.nameOf(step.target().table()),
            step.target().roleArn());
    return refused.isPresent() ? step.failedFor(RestoreReason.NOT_PERMITTED, refused.get()) : step;
  }
}
