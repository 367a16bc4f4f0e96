package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.TableArn;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.RestoreTarget;
import io.ddbbackup.operator.restore.TableStore;
import io.ddbbackup.operator.restore.TargetOwnership;
import java.util.Map;

/**
 * A drill's scratch table: where it is, how it is told this schedule's (the {@link
 * TargetOwnership#DRILL_TAG} tag, or made after the drill's recorded start from the drill's
 * backup), and the restore into it, through the same {@link RestoreTarget} as every restore.
 */
final class DrillTables {

  private final TableStore tables;
  private final ResourceEvents events;

  DrillTables(TableStore tables, ResourceEvents events) {
    this.tables = tables;
    this.events = events;
  }

  TableStore store() {
    return tables;
  }

  /** The scratch table, in the schedule's region and as its role. */
  TableTarget scratch(Step step, String name) {
    return scratchOf(step.settings().target(), name);
  }

  /** The scratch table {@code name}, in the region and with the role of the schedule's table. */
  static TableTarget scratchOf(TableTarget source, String name) {
    String region =
        source.region() != null
            ? source.region()
            : TableArn.parse(source.table()).map(TableArn::region).orElse(null);
    return new TableTarget(name, region, source.roleArn());
  }

  RestoreTarget.Look look(Step step, Verification.Drill drill) {
    return RestoreTarget.look(
        tables,
        scratch(step, drill.scratchTable()),
        new TargetOwnership.Expected(
            drill.backupArn(),
            null,
            TargetOwnership.DRILL_TAG,
            step.resource().getMetadata().getUid(),
            drill.startTime()));
  }

  /** The restore call for the drill, and the schedule's tags on the scratch table. */
  void restore(Step step, Verification.Drill drill) {
    TableTarget scratch = scratch(step, drill.scratchTable());
    var meta = step.resource().getMetadata();
    RestoreTarget.make(
        tables,
        scratch,
        new RestoreRequest(
            scratch.table(),
            new RestoreRequest.FromBackup(drill.backupArn()),
            RestoreRequest.Overrides.NONE),
        Map.of(
            TargetOwnership.DRILL_TAG,
            meta.getUid(),
            "ddbbackup.io/drill-schedule",
            meta.getNamespace() + "." + meta.getName()),
        e -> tagFailed(step, scratch, e));
  }

  private void tagFailed(Step step, TableTarget scratch, BackupStoreException e) {
    if (e.failure() == BackupStoreException.Failure.NOT_LEADER) {
      return; // no Event from a replica that lost the Lease
    }
    events.warning(
        step.resource(),
        "TagFailed",
        "Could not tag scratch table %s as this schedule's drill: %s"
            .formatted(scratch.table(), e.getMessage()));
  }
}
