package io.ddbbackup.operator.retention;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a schedule's backups to keep. A backup is kept when any rule keeps it (restic-style), so
 * adding a rule can only ever keep more. A null rule is absent; with no rule at all, everything is
 * kept.
 *
 * @param keepLast the newest N backups
 * @param maxAge backups created less than this long ago
 * @param keepDaily the newest backup of each of the newest N days that have backups
 * @param keepWeekly the same per ISO week
 * @param keepMonthly the same per calendar month
 */
public record RetentionPolicy(
    Integer keepLast, Duration maxAge, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {

  public static final String MAX_AGE_FIELD = "spec.retention.maxAge";

  // [0-9], not \d: Long.parseLong would accept other scripts' digits, which kubectl users cannot
  // tell apart from ASCII ones.
  private static final Pattern MAX_AGE = Pattern.compile("([0-9]+)([smhdw])");

  private static final Map<String, Duration> UNITS =
      Map.of(
          "s", ChronoUnit.SECONDS.getDuration(),
          "m", ChronoUnit.MINUTES.getDuration(),
          "h", ChronoUnit.HOURS.getDuration(),
          "d", ChronoUnit.DAYS.getDuration(),
          "w", ChronoUnit.WEEKS.getDuration());

  /**
   * Input from the user goes through {@link #parse}; reaching this constructor with a rule that
   * would keep nothing is a bug, and failing loudly beats pruning every backup.
   */
  public RetentionPolicy {
    requirePositive(keepLast, "keepLast");
    requirePositive(keepDaily, "keepDaily");
    requirePositive(keepWeekly, "keepWeekly");
    requirePositive(keepMonthly, "keepMonthly");
    if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
  }

  public static RetentionPolicy keepAll() {
    return new RetentionPolicy(null, null, null, null, null);
  }

  public boolean keepsEverything() {
    return keepLast == null
        && maxAge == null
        && keepDaily == null
        && keepWeekly == null
        && keepMonthly == null;
  }

  /**
   * Reads the rules as they appear in the spec ({@code maxAge} still text). Each error names its
   * field, e.g. {@code spec.retention.keepLast must be at least 1, got 0}.
   */
  public static RetentionPolicyParse parse(
      Integer keepLast, String maxAge, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {
    List<String> errors = new ArrayList<>();
    checkCount("keepLast", keepLast, errors);
    MaxAgeParse age = maxAge == null ? null : parseMaxAge(maxAge);
    if (age != null && !age.isValid()) {
      errors.add(age.error());
    }
    checkCount("keepDaily", keepDaily, errors);
    checkCount("keepWeekly", keepWeekly, errors);
    checkCount("keepMonthly", keepMonthly, errors);
    if (!errors.isEmpty()) {
      return new RetentionPolicyParse(null, errors);
    }
    RetentionPolicy policy =
        new RetentionPolicy(
            keepLast, age == null ? null : age.maxAge(), keepDaily, keepWeekly, keepMonthly);
    return new RetentionPolicyParse(policy, List.of());
  }

  /** Every problem in the spec's retention rules; empty when they are valid. */
  public static List<String> validate(
      Integer keepLast, String maxAge, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {
    return parse(keepLast, maxAge, keepDaily, keepWeekly, keepMonthly).errors();
  }

  /**
   * Reads {@code <positive whole number><s|m|h|d|w>}, e.g. {@code 30d}, {@code 12h}, {@code 2w}.
   */
  public static MaxAgeParse parseMaxAge(String text) {
    Matcher matcher = MAX_AGE.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      return MaxAgeParse.failure(
          MAX_AGE_FIELD
              + " \""
              + (text == null ? "" : text)
              + "\" is not a duration: use a whole number followed by s, m, h, d or w (e.g. 30d)");
    }
    Duration maxAge;
    try {
      long amount = Long.parseLong(matcher.group(1));
      maxAge = UNITS.get(matcher.group(2)).multipliedBy(amount);
    } catch (ArithmeticException | NumberFormatException e) {
      return MaxAgeParse.failure(MAX_AGE_FIELD + " \"" + text + "\" is too long");
    }
    if (maxAge.isZero()) {
      return MaxAgeParse.failure(
          MAX_AGE_FIELD + " \"" + text + "\" must be longer than zero: omit it to keep every age");
    }
    return MaxAgeParse.of(maxAge);
  }

  private static void checkCount(String field, Integer value, List<String> errors) {
    if (value != null && value < 1) {
      errors.add("spec.retention." + field + " must be at least 1, got " + value);
    }
  }

  private static void requirePositive(Integer value, String field) {
    if (value != null && value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, got " + value);
    }
  }
}
