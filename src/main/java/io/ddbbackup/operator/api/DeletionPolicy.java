package io.ddbbackup.operator.api;

/** What happens to a schedule's backups when the schedule is deleted. */
public enum DeletionPolicy {
  /** Keep every backup (the default): deleting a schedule never deletes data. */
  Retain,
  /** Delete every backup this schedule owns, then let the schedule go. */
  Delete
}
