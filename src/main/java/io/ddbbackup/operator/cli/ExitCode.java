package io.ddbbackup.operator.cli;

/**
 * What {@code kubectl ddb} exits with, so a script or a CI gate can tell "unhealthy" from "could
 * not look".
 */
public final class ExitCode {

  /** Done; for status: every schedule is healthy (or deliberately suspended). */
  public static final int OK = 0;

  /** The command could not do its job: cluster unreachable, resource missing, a wait failed. */
  public static final int ERROR = 1;

  /** The command line was wrong (picocli's usage code). */
  public static final int USAGE = 2;

  /** Status: at least one schedule is failing, not yet ready, or its last drill failed. */
  public static final int UNHEALTHY = 3;

  private ExitCode() {}
}
