package io.ddbbackup.operator.reconciler.restore;

import java.util.Optional;

/**
 * Finds the DynamoDBBackupSchedule a restore's source names, in the restore's namespace, as a
 * {@link SourceSchedule}: empty when there is none. The operator's wiring reads it from the API
 * server and lets the schedule kind check its spec.
 */
@FunctionalInterface
public interface ScheduleLookup {

  Optional<SourceSchedule> find(String namespace, String name);
}
