package io.ddbbackup.operator.policy;

import static java.util.stream.Collectors.joining;

import java.util.Arrays;
import java.util.regex.Pattern;

/** Patterns where {@code *} matches any run of characters and everything else only itself. */
public final class Globs {

  private Globs() {}

  /** True when {@code value} matches {@code glob} as a whole (case-sensitive). */
  public static boolean matches(String glob, String value) {
    if (glob == null || value == null) {
      return false;
    }
    if (glob.indexOf('*') < 0) {
      return glob.equals(value);
    }
    return Pattern.compile(
            Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(joining(".*")),
            Pattern.DOTALL)
        .matcher(value)
        .matches();
  }
}
