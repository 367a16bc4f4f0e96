package io.ddbbackup.operator.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line as kubectl writes them: 90s, 10m, 1h. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("([0-9]{1,9})([smh])");

  private Durations() {}

  public static Duration parse(String option, String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new CliException(
          "%s %s is not a duration: write a positive number and s, m or h, e.g. 90s, 10m, 1h"
              .formatted(option, text));
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
