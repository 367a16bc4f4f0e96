package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.backup.Backup;
import java.util.List;

/**
 * DescribeBackup's account of a backup and of its source table at backup time: what a restore needs
 * to choose indexes and what a restore drill checks the restored table against.
 *
 * @param sourceTableArn the table the backup was taken of
 * @param sourceItemCount the table's ItemCount at backup time (as DynamoDB last refreshed it)
 */
public record BackupDetails(
    Backup backup,
    String sourceTableArn,
    long sourceItemCount,
    List<Table.KeyElement> keySchema,
    List<IndexDefinition> globalSecondaryIndexes,
    List<IndexDefinition> localSecondaryIndexes) {

  public BackupDetails {
    keySchema = List.copyOf(keySchema);
    globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    localSecondaryIndexes = List.copyOf(localSecondaryIndexes);
  }
}
