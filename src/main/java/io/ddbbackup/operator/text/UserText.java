package io.ddbbackup.operator.text;

/** Quotes a user's value inside an error message without letting it swamp or garble the message. */
public final class UserText {

  private static final int MAX_SHOWN = 64;

  private UserText() {}

  public static String quoted(String value) {
    StringBuilder shown = new StringBuilder("\"");
    value
        .codePoints()
        .limit(MAX_SHOWN)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    if (value.codePointCount(0, value.length()) > MAX_SHOWN) {
      shown.append("…");
    }
    return shown.append('"').toString();
  }
}
