package io.ddbbackup.operator.replay;

import java.util.Optional;

/** Where an export's objects are read from: one bucket (S3 GetObject). */
public interface ReplaySource extends AutoCloseable {

  /**
   * The object's bytes as stored, or empty when there is no such key.
   *
   * @throws ReplayFailure UNAVAILABLE when the bucket could not be read now, REFUSED or NOT_READY
   *     when access was refused
   */
  Optional<byte[]> object(String key);

  /** Lets go of its connections. */
  @Override
  default void close() {}
}
