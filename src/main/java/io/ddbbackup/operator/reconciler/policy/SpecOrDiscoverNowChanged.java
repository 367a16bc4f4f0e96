package io.ddbbackup.operator.reconciler.policy;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Reconcile a policy on a new spec generation, a new discover-now value, or deletion; not on its
 * own status writes, which would otherwise wake it once more after each.
 */
public class SpecOrDiscoverNowChanged implements OnUpdateFilter<DynamoDBBackupPolicy> {

  @Override
  public boolean accept(DynamoDBBackupPolicy updated, DynamoDBBackupPolicy old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(PolicyDiscovery.discoverNow(updated), PolicyDiscovery.discoverNow(old))
        || updated.isMarkedForDeletion();
  }
}
