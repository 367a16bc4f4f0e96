package io.ddbbackup.operator.retention;

import java.util.HashSet;
import java.util.Set;

/**
 * The backups retention never prunes whatever the rules say (see {@link Retention#decide}): the one
 * the schedule started last, the newest a restore drill verified (the proof that restores work) and
 * the one a drill is restoring now. Written once, for the pruner and for the preview.
 */
public final class ProtectedBackups {

  private ProtectedBackups() {}

  /** The names to protect; any argument may be null. */
  public static Set<String> names(
      String lastStartedName, String lastVerifiedName, String drillingName) {
    Set<String> names = new HashSet<>();
    if (lastStartedName != null) {
      names.add(lastStartedName);
    }
    if (lastVerifiedName != null) {
      names.add(lastVerifiedName);
    }
    if (drillingName != null) {
      names.add(drillingName);
    }
    return names;
  }
}
