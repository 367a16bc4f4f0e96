package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The instant a test's {@link MutableClock} publishes to a file ({@link MutableClock#publishTo}),
 * read in another process: the clock of an operator started by {@code app.ClockedOperator}, so that
 * the operator and the export front live at the same moved time. The file is read again only when
 * it was replaced (a new file each move): one stat per reading otherwise.
 */
public final class PublishedClock extends Clock {

  private record Seen(Object fileKey, long modifiedNanos, Instant instant) {}

  private final Path file;
  private volatile Seen seen;

  public PublishedClock(Path file) {
    this.file = file;
  }

  @Override
  public Instant instant() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      Seen last = seen;
      if (last != null
          && key != null
          && key.equals(last.fileKey())
          && modified == last.modifiedNanos()) {
        return last.instant();
      }
      Instant read = Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
      seen = new Seen(key, modified, read);
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException("the test's clock file " + file, e);
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the operator works in UTC instants");
  }
}
