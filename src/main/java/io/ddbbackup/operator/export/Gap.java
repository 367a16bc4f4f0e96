package io.ddbbackup.operator.export;

import java.time.Duration;
import java.time.Instant;

/**
 * Changes the chain can no longer hold: from the end of the last export that completed to the time
 * of the new base, because the window between fell out of point-in-time recovery before it was
 * exported. Reported, never hidden.
 */
public record Gap(Instant from, Instant to) {

  public Duration length() {
    return Duration.between(from, to);
  }
}
