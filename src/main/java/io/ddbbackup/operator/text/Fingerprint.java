package io.ddbbackup.operator.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short, stable fingerprint of a text, for names that must stay distinct when the text they stand
 * for is cut short or cannot appear in them.
 */
public final class Fingerprint {

  private Fingerprint() {}

  /** The first {@code hexDigits} hex digits of the SHA-256 of {@code text} (UTF-8). */
  public static String of(String text, int hexDigits) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
