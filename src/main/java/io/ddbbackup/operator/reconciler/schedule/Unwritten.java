package io.ddbbackup.operator.reconciler.schedule;

/**
 * A state held back from a schedule's status ({@link StatusRecorder}), kept in {@link
 * ScheduleMemory} until a write carries it.
 *
 * @param state what the status should say
 * @param pruneDue its new backup still has to be pruned for
 * @param base null when held on purpose (the written status is the backup's slot record); otherwise
 *     the status it was worked out from, when its write lost to a conflict
 */
record Unwritten(ScheduleState state, boolean pruneDue, ScheduleState base) {}
