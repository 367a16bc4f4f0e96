package io.ddbbackup.operator.restore;

import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupName;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which backup a restore's source names. Pure: functions of what ListBackups returned. */
public final class SourcePick {

  private SourcePick() {}

  /**
   * The newest AVAILABLE backup a schedule owns: a USER backup of its table named exactly by its
   * naming rule. A backup made by hand, by AWS Backup or by another schedule is never picked.
   */
  public static Optional<Backup> latestOwned(
      List<Backup> listed, BackupName names, String tableName) {
    return listed.stream()
        .filter(b -> names.owns(b, tableName))
        .filter(Backup::isAvailable)
        .max(Comparator.comparing(Backup::createdAt));
  }

  /** The one backup named {@code name}, or a message saying why there is not exactly one. */
  public record Named(Backup backup, String problem) {}

  public static Named named(List<Backup> listed, String name) {
    List<Backup> matches = listed.stream().filter(b -> b.name().equals(name)).toList();
    if (matches.isEmpty()) {
      return new Named(null, "no backup is named \"%s\"".formatted(name));
    }
    if (matches.size() > 1) {
      String candidates =
          matches.stream()
              .sorted(Comparator.comparing(Backup::createdAt))
              .map(b -> b.arn() + " (table " + b.tableName() + ")")
              .collect(Collectors.joining(", "));
      return new Named(
          null,
          "%d backups are named \"%s\": %s; set spec.source.backupArn to the one to restore"
              .formatted(matches.size(), name, candidates));
    }
    return new Named(matches.get(0), null);
  }
}
