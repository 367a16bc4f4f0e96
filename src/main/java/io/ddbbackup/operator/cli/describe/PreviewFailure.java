package io.ddbbackup.operator.cli.describe;

import io.ddbbackup.operator.backup.BackupStoreException;

/** Why the prune preview could not list the table's backups, in one line with the fix. */
final class PreviewFailure {

  private PreviewFailure() {}

  static String explain(RuntimeException e) {
    String text = allMessages(e);
    if (text.contains("Unable to load credentials")) {
      return "no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, or aws sso login) for an identity that may call"
          + " dynamodb:ListBackups, or pass --no-preview";
    }
    if (text.contains("Unable to load region")) {
      return "no AWS region: set AWS_REGION (or spec.region on the schedule), or pass --no-preview";
    }
    if (e instanceof BackupStoreException b
        && b.failure() == BackupStoreException.Failure.ACCESS_DENIED) {
      return "ListBackups was denied (%s): allow dynamodb:ListBackups on the table for your AWS"
              .formatted(oneLine(e.getMessage()))
          + " identity, or pass --no-preview";
    }
    return "ListBackups failed: " + oneLine(e.getMessage()) + " (pass --no-preview to skip it)";
  }

  private static String allMessages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(t.getMessage()).append(' ');
    }
    return all.toString();
  }

  private static String oneLine(String text) {
    return text == null ? "no message" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
