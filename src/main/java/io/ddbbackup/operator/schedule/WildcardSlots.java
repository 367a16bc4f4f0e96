package io.ddbbackup.operator.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * A wildcard job runs at every real instant whose local wall time matches: local times skipped by
 * spring-forward never happen, local times repeated by fall-back happen twice. Local time is not
 * monotone across a fall-back, so the searches walk the timeline one constant-offset stretch
 * (between two transitions) at a time; within a stretch local and real time move together.
 */
final class WildcardSlots implements SlotRule {

  /** Far more transitions than any zone has between two firings of a schedule that fires. */
  private static final int MAX_STRETCHES = 10_000;

  private final WallClockCron cron;
  private final ZoneRules rules;

  WildcardSlots(WallClockCron cron, ZoneRules rules) {
    this.cron = cron;
    this.rules = rules;
  }

  @Override
  public List<Instant> instantsOf(LocalDateTime local) {
    return rules.getValidOffsets(local).stream().map(local::toInstant).sorted().toList();
  }

  @Override
  public Instant nextAfter(Instant after) {
    Instant stretchStart = after;
    ZoneOffset offset = rules.getOffset(after);
    LocalDateTime from = LocalDateTime.ofInstant(after, offset);
    for (int i = 0; i < MAX_STRETCHES; i++) {
      ZoneOffsetTransition stretchEnd = rules.nextTransition(stretchStart);
      Optional<LocalDateTime> match = cron.firstAfter(from);
      if (match.isEmpty()) {
        return null;
      }
      Instant candidate = match.get().toInstant(offset);
      if (stretchEnd == null || candidate.isBefore(stretchEnd.getInstant())) {
        return candidate;
      }
      stretchStart = stretchEnd.getInstant();
      offset = stretchEnd.getOffsetAfter();
      from = stretchEnd.getDateTimeAfter().minusSeconds(1);
    }
    return null;
  }

  @Override
  public Instant latestAtOrBefore(Instant at) {
    // previousTransition is strictly before its argument; the nanosecond makes it "at or before"
    Instant probe = at.plusNanos(1);
    ZoneOffset offset = rules.getOffset(at);
    LocalDateTime from = LocalDateTime.ofInstant(at, offset);
    for (int i = 0; i < MAX_STRETCHES; i++) {
      ZoneOffsetTransition stretchStart = rules.previousTransition(probe);
      Optional<LocalDateTime> match = cron.latestAtOrBefore(from);
      if (match.isEmpty()) {
        return null;
      }
      Instant candidate = match.get().toInstant(offset);
      if (stretchStart == null || !candidate.isBefore(stretchStart.getInstant())) {
        return candidate;
      }
      probe = stretchStart.getInstant();
      offset = stretchStart.getOffsetBefore();
      from = stretchStart.getDateTimeBefore().minusSeconds(1);
    }
    return null;
  }
}
