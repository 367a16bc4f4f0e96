package io.ddbbackup.operator.reconciler.restore;

import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.IndexDefinition;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import java.util.List;

/**
 * The secondary indexes a restore's source has, to choose from: the backup's as DescribeBackup
 * records them, or the source table's as it is now (a point-in-time restore takes the table's
 * current indexes).
 */
record IndexSources(List<IndexDefinition> global, List<IndexDefinition> local) {

  static IndexSources of(RestoreStep step, TableStore tables) {
    String backupArn = step.state().sourceBackupArn();
    if (backupArn != null) {
      BackupDetails details =
          step.details() != null ? step.details() : tables.describeBackup(step.target(), backupArn);
      return new IndexSources(details.globalSecondaryIndexes(), details.localSecondaryIndexes());
    }
    Table source =
        tables
            .describe(step.target().withTable(step.state().sourceTableArn()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "source table " + step.state().sourceTableArn() + " is gone"));
    return new IndexSources(source.globalSecondaryIndexes(), source.localSecondaryIndexes());
  }
}
