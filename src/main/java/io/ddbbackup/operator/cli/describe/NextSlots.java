package io.ddbbackup.operator.cli.describe;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ddbbackup.operator.schedule.CronSchedule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The next slots of a schedule as its users read them: in its zone, with the daylight-saving rule
 * that applies where a slot meets a clock change. The slots themselves come from the operator's own
 * {@link CronSchedule}; this only labels them.
 */
public final class NextSlots {

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm EEE");

  /**
   * @param at the slot
   * @param local its wall-clock time in the schedule's zone
   * @param offset the zone's offset then, e.g. +01:00
   * @param dst the daylight-saving rule that applies to it, or null when no clock change is near
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Slot(String at, String local, String offset, String dst) {}

  private NextSlots() {}

  public static List<Slot> after(CronSchedule cron, Instant now, int count) {
    List<Slot> slots = new ArrayList<>();
    Instant from = now;
    for (int i = 0; i < count; i++) {
      Instant next = cron.nextAfter(from).orElse(null);
      if (next == null) {
        break;
      }
      slots.add(label(next, cron.zone()));
      from = next;
    }
    return slots;
  }

  static Slot label(Instant at, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    return new Slot(
        at.toString(), LOCAL.format(local), offset(rules.getOffset(at)), dst(at, local, rules));
  }

  private static String offset(ZoneOffset offset) {
    return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
  }

  private static String dst(Instant at, LocalDateTime local, ZoneRules rules) {
    ZoneOffsetTransition atJump = rules.previousTransition(at.plusSeconds(1));
    if (atJump != null && atJump.getInstant().equals(at) && atJump.isGap()) {
      return "clocks jump forward %s -> %s here: a fixed-hour time skipped that night runs now, once"
          .formatted(
              atJump.getDateTimeBefore().toLocalTime(), atJump.getDateTimeAfter().toLocalTime());
    }
    if (rules.getValidOffsets(local).size() > 1) {
      return "this local time occurs twice (clocks go back): a fixed-hour schedule runs at the"
          + " first, a wildcard-hour one every real hour";
    }
    return null;
  }
}
