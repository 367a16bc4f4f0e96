package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand; {@link #publishTo} shares it with another process (an operator
 * run by {@code app.ClockedOperator}, which reads it with {@link PublishedClock}).
 */
public final class MutableClock extends Clock {

  private volatile Instant now;
  private volatile Path published;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /**
   * Writes the instant to {@code file} now and on every move, replacing the file at once, so that a
   * reader sees the old instant or the new one, never half of one.
   */
  public MutableClock publishTo(Path file) {
    published = file;
    publish();
    return this;
  }

  public synchronized void set(Instant instant) {
    now = instant;
    publish();
  }

  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
    publish();
  }

  private void publish() {
    Path file = published;
    if (file == null) {
      return;
    }
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, now.toString(), StandardCharsets.UTF_8);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the clock to when the reconciler asked to be woken. */
  public void plusWake(Duration wake) {
    advance(wake);
  }

  @Override
  public Instant instant() {
    return now;
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
