package io.ddbbackup.operator.cli;

/**
 * A failure the user can act on, printed as one line: what went wrong and the fix. Thrown by the
 * commands; {@link KubectlDdb} prints its message and exits with {@link ExitCode#ERROR}.
 */
public final class CliException extends RuntimeException {

  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
