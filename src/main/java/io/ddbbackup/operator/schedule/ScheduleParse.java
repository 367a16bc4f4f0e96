package io.ddbbackup.operator.schedule;

import java.util.Optional;

/**
 * The outcome of reading {@code spec.schedule} and {@code spec.timeZone}: a schedule, or a message
 * for the user that names the field and the problem. A bad spec is a status, never an exception.
 */
public sealed interface ScheduleParse permits ScheduleParse.Valid, ScheduleParse.Invalid {

  /** The spec was valid. */
  record Valid(CronSchedule schedule) implements ScheduleParse {}

  /** The spec was invalid; {@code message} is meant for a status condition and an Event. */
  record Invalid(String message) implements ScheduleParse {}

  default Optional<CronSchedule> validSchedule() {
    return this instanceof Valid valid ? Optional.of(valid.schedule()) : Optional.empty();
  }

  default Optional<String> errorMessage() {
    return this instanceof Invalid invalid ? Optional.of(invalid.message()) : Optional.empty();
  }
}
