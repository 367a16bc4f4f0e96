package io.ddbbackup.operator.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * How local cron matches become real instants on daylight-saving days. Classic cron (Vixie/ISC)
 * treats a job with a fixed minute and hour differently from one with a wildcard in either: the
 * first is about a time of day and should run once per day whatever the clocks do, the second is
 * about the passing of real time.
 */
sealed interface SlotRule permits FixedTimeSlots, WildcardSlots {

  /** The real instants, ascending, at which the local match {@code local} is a slot. */
  List<Instant> instantsOf(LocalDateTime local);

  Instant nextAfter(Instant after);

  Instant latestAtOrBefore(Instant at);
}
