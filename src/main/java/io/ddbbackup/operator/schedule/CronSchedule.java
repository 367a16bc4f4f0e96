package io.ddbbackup.operator.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.ddbbackup.operator.text.UserText;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A valid 5-field cron expression evaluated on the wall clock of a time zone, with classic cron's
 * daylight-saving behaviour (see {@link SlotRule}). Slots are whole-second instants. Immutable.
 */
public final class CronSchedule {

  // the UNIX definition: 5 fields, day-of-week 0-7 with names, and a day matches when EITHER a
  // restricted day-of-month or a restricted day-of-week matches, as in Vixie cron
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /**
   * Any expression that fires at all fires within 8 years (February 29 can be 8 years apart), so
   * one that does not fire in the 10 years from here never does.
   */
  private static final LocalDateTime FIRES_CHECK_FROM = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static final int FIRES_CHECK_YEARS = 10;

  private final String expression;
  private final ZoneId zone;
  private final SlotRule rule;
  private final SlotCounter counter;

  private CronSchedule(String expression, ZoneId zone, WallClockCron cron) {
    this.expression = expression;
    this.zone = zone;
    String[] fields = expression.split(" ");
    boolean wildcard = fields[0].startsWith("*") || fields[1].startsWith("*");
    this.rule =
        wildcard
            ? new WildcardSlots(cron, zone.getRules())
            : new FixedTimeSlots(cron, zone.getRules());
    this.counter = new SlotCounter(cron, rule, zone.getRules());
  }

  /**
   * Reads {@code spec.schedule} and {@code spec.timeZone} (null or empty means UTC). Never throws:
   * any problem comes back as a message naming the field.
   */
  public static ScheduleParse parse(String schedule, String timeZone) {
    ScheduleField.Result text = ScheduleField.read(schedule);
    if (text.problem() != null) {
      return new ScheduleParse.Invalid(text.problem());
    }
    TimeZoneField.Result zone = TimeZoneField.read(timeZone);
    if (zone.problem() != null) {
      return new ScheduleParse.Invalid(zone.problem());
    }
    String field = "spec.schedule " + UserText.quoted(schedule);
    WallClockCron cron;
    try {
      Cron parsed = PARSER.parse(text.expression());
      parsed.validate();
      cron = new WallClockCron(parsed);
    } catch (RuntimeException e) {
      return new ScheduleParse.Invalid(
          field + " is not a valid 5-field cron expression: " + reason(e));
    }
    if (!firesAtAll(cron)) {
      return new ScheduleParse.Invalid(field + " never fires");
    }
    return new ScheduleParse.Valid(new CronSchedule(text.expression(), zone.zone(), cron));
  }

  /**
   * The first slot strictly after {@code after}. Empty only for an instant near the end of time.
   */
  public Optional<Instant> nextAfter(Instant after) {
    return Optional.ofNullable(rule.nextAfter(after));
  }

  /** The newest slot at or before {@code at}. */
  public Optional<Instant> latestAtOrBefore(Instant at) {
    return Optional.ofNullable(rule.latestAtOrBefore(at));
  }

  /**
   * The number of slots in {@code (after, atOrBefore]}, counting no further than {@code cap}: the
   * cost grows with the number of days in the range, not the number of slots.
   */
  public long slotsBetween(Instant after, Instant atOrBefore, long cap) {
    // the usual question, whether one slot has come since the last: two cron calls, no count
    Optional<Instant> first = nextAfter(after);
    if (first.isEmpty() || first.get().isAfter(atOrBefore)) {
      return 0;
    }
    if (cap >= 1 && nextAfter(first.get()).filter(n -> !n.isAfter(atOrBefore)).isEmpty()) {
      return 1;
    }
    return counter.count(after, atOrBefore, cap);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The 5-field expression evaluated, with an @-macro already expanded. */
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }

  private static boolean firesAtAll(WallClockCron cron) {
    return cron.firstAfter(FIRES_CHECK_FROM)
        .filter(first -> first.isBefore(FIRES_CHECK_FROM.plusYears(FIRES_CHECK_YEARS)))
        .isPresent();
  }

  private static String reason(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace("Failed to parse cron expression. ", "").strip();
  }
}
