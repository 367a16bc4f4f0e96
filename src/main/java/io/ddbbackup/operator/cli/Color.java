package io.ddbbackup.operator.cli;

import java.util.Map;

/**
 * ANSI colours, only for a person at a terminal: never in a pipe, a file or a CI log, and never
 * when {@code NO_COLOR} is set (no-color.org) or {@code TERM=dumb}.
 */
public enum Color {
  RED("\u001b[31m"),
  YELLOW("\u001b[33m"),
  GREEN("\u001b[32m"),
  NONE("");

  private static final String RESET = "\u001b[0m";

  private final String code;

  Color(String code) {
    this.code = code;
  }

  /** {@code text} in this colour when {@code enabled}, else unchanged. */
  public String paint(String text, boolean enabled) {
    return enabled && this != NONE ? code + text + RESET : text;
  }

  /** Whether this process writes to a terminal that wants colours. */
  public static boolean wanted(Map<String, String> env, boolean stdoutIsTerminal) {
    return stdoutIsTerminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
  }
}
