package io.ddbbackup.operator.app;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the log appender from {@code LOG_FORMAT} for logback.xml: {@code json} in any case gives
 * one JSON object per line, anything else text. logback.xml once named the appender after the raw
 * value, so {@code LOG_FORMAT=JSON} referred to no appender and silenced every line; an unknown
 * value now logs as text, and {@link Main} warns about it once the log works.
 */
public final class LogFormat extends PropertyDefinerBase {

  private String format;

  /** Set by logback from {@code <format>${LOG_FORMAT:-}</format>} in logback.xml. */
  public void setFormat(String format) {
    this.format = format;
  }

  @Override
  public String getPropertyValue() {
    return appenderFor(format);
  }

  /** The appender for a LOG_FORMAT value: {@code json} or {@code text}. */
  static String appenderFor(String value) {
    return "json".equals(normalized(value)) ? "json" : "text";
  }

  /** A warning for a value that is neither json nor text (nor unset), if it is one. */
  static Optional<String> warning(String value) {
    String v = normalized(value);
    if (v.isEmpty() || v.equals("json") || v.equals("text")) {
      return Optional.empty();
    }
    return Optional.of(
        "LOG_FORMAT=%s is neither json nor text; logging as text".formatted(value.strip()));
  }

  private static String normalized(String value) {
    return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
  }
}
