package io.ddbbackup.operator.retention;

import java.time.Duration;

/**
 * The outcome of reading {@code spec.retention.maxAge}: either a duration or a message the user can
 * act on, never both.
 */
public record MaxAgeParse(Duration maxAge, String error) {

  public MaxAgeParse {
    if ((maxAge == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of maxAge and error must be set");
    }
  }

  static MaxAgeParse of(Duration maxAge) {
    return new MaxAgeParse(maxAge, null);
  }

  static MaxAgeParse failure(String error) {
    return new MaxAgeParse(null, error);
  }

  public boolean isValid() {
    return error == null;
  }
}
