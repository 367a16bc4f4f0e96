package io.ddbbackup.operator.schedule;

import java.time.Instant;

/**
 * What the planner needs to know about a schedule besides its cron.
 *
 * @param lastScheduleTime the slot last acted on, or null when none has been
 * @param createdAt when the schedule was created; slots at or before it are never due
 * @param suspend no scheduled backups while true
 * @param immediate spec.immediate: one backup as soon as the schedule is first seen
 * @param startingDeadlineSeconds a slot found later than this after its time is skipped; null means
 *     no deadline
 * @param anyBackupStarted true once the schedule has started a backup (its status names one)
 */
public record SlotState(
    Instant lastScheduleTime,
    Instant createdAt,
    boolean suspend,
    boolean immediate,
    Long startingDeadlineSeconds,
    boolean anyBackupStarted) {}
