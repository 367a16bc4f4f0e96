package io.ddbbackup.operator.schedule;

import io.ddbbackup.operator.text.UserText;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code spec.schedule} into the 5-field expression to evaluate. Only the field count, the
 * fixed @-macros and the alphabet are checked here; the fields themselves are cron-utils'.
 */
final class ScheduleField {

  /** Generous for any real expression; stops pathological input before it reaches the parser. */
  static final int MAX_LENGTH = 512;

  private static final Map<String, String> MACROS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private ScheduleField() {}

  /** The 5-field expression, or null with {@code problem} set. */
  record Result(String expression, String problem) {}

  static Result read(String schedule) {
    if (schedule == null || schedule.isBlank()) {
      return problem("spec.schedule is required: a 5-field cron expression such as \"0 3 * * *\"");
    }
    String field = "spec.schedule " + UserText.quoted(schedule);
    if (schedule.length() > MAX_LENGTH) {
      return problem(
          field
              + " is too long ("
              + schedule.length()
              + " characters, at most "
              + MAX_LENGTH
              + ")");
    }
    String text = schedule.strip();
    return text.startsWith("@") ? macro(field, text) : fields(field, text);
  }

  private static Result macro(String field, String text) {
    String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
    return macro != null
        ? new Result(macro, null)
        : problem(
            field
                + " is not supported: use a 5-field cron expression or one of @hourly, @daily,"
                + " @midnight, @weekly, @monthly, @yearly, @annually");
  }

  private static Result fields(String field, String text) {
    int bad = firstCharacterOutsideCron(text);
    if (bad >= 0) {
      // the parser reads Unicode digits as numbers; a schedule should not look like one thing
      // and mean another
      return problem(
          field
              + " is not a valid 5-field cron expression: character "
              + String.format("U+%04X", bad)
              + " is not allowed");
    }
    String[] fields = text.split("\\s+");
    if (fields.length != 5) {
      return problem(
          field
              + " is not a valid 5-field cron expression: it has "
              + fields.length
              + (fields.length == 1 ? " field" : " fields")
              + " (minute hour day-of-month month day-of-week; seconds and years are not"
              + " supported)");
    }
    return new Result(String.join(" ", fields), null);
  }

  private static int firstCharacterOutsideCron(String text) {
    return text.codePoints()
        .filter(c -> !(c < 128 && (Character.isLetterOrDigit(c) || " \t*,-/".indexOf(c) >= 0)))
        .findFirst()
        .orElse(-1);
  }

  private static Result problem(String message) {
    return new Result(null, message);
  }
}
