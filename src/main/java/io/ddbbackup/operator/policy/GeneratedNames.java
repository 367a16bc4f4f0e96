package io.ddbbackup.operator.policy;

import io.ddbbackup.operator.text.Fingerprint;
import java.util.Locale;

/**
 * The names a policy gives what it generates.
 *
 * <p>A generated schedule is named {@code <policy>-<table>-<hash>}: the policy's and the table's
 * names lower-cased, every run of characters other than a-z and 0-9 made one {@code -}, each cut
 * short to fit, and ten hex digits of the SHA-256 of the policy's and the table's exact names. The
 * whole is at most 63 characters of a-z 0-9 and {@code -}, starting and ending with a letter or
 * digit: a valid object name (a DNS subdomain, at most 253) that is also a valid DNS label and
 * label value, and short enough that the schedule's default backup name prefix {@code
 * <namespace>_<name>} fits DynamoDB's backup names without cutting. The hash keeps it unique where
 * the readable part is not: table names up to 255 characters, names differing only in case ({@code
 * Orders}, {@code orders}) or in {@code _ . -} ({@code a_b}, {@code a.b}). It depends on nothing
 * but the two names, so a restarted operator finds the schedules it made.
 */
public final class GeneratedNames {

  /** A Kubernetes label value's and DNS label's limit. */
  public static final int MAX_LENGTH = 63;

  private static final int HASH_DIGITS = 10;
  private static final int POLICY_ROOM = 20;

  private GeneratedNames() {}

  /** The name of the schedule {@code policy} generates for {@code table}. */
  public static String scheduleName(String policy, String table) {
    String hash = Fingerprint.of(policy + "\u0000" + table, HASH_DIGITS);
    int room = MAX_LENGTH - HASH_DIGITS - 2; // two dashes
    String p = cut(readable(policy, "policy"), Math.min(POLICY_ROOM, room / 2));
    String t = cut(readable(table, "table"), room - p.length());
    return p + "-" + t + "-" + hash;
  }

  /** The value of the policy label on what {@code policy} generates: at most 63 characters. */
  public static String labelValue(String policy) {
    if (policy.length() <= MAX_LENGTH) {
      return policy;
    }
    return cut(policy, MAX_LENGTH - HASH_DIGITS - 1) + "-" + Fingerprint.of(policy, HASH_DIGITS);
  }

  private static String readable(String name, String otherwise) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return s.isEmpty() ? otherwise : s;
  }

  private static String cut(String s, int max) {
    String cut = s.length() <= max ? s : s.substring(0, max);
    return cut.replaceAll("[-.]+$", "");
  }
}
