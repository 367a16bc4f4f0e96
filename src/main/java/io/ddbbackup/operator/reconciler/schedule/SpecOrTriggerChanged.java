package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Reconcile on a new spec generation, a new backup-now or drill-now value, or deletion; not on our
 * own status writes, which would otherwise wake every schedule once more after each write.
 */
public class SpecOrTriggerChanged implements OnUpdateFilter<DynamoDBBackupSchedule> {

  @Override
  public boolean accept(DynamoDBBackupSchedule updated, DynamoDBBackupSchedule old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(
            trigger(updated, DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION),
            trigger(old, DynamoDBBackupSchedule.BACKUP_NOW_ANNOTATION))
        || !Objects.equals(
            trigger(updated, DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION),
            trigger(old, DynamoDBBackupSchedule.DRILL_NOW_ANNOTATION))
        || updated.isMarkedForDeletion()
        || !Objects.equals(
            updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers());
  }

  private static String trigger(DynamoDBBackupSchedule resource, String annotation) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(annotation);
  }
}
