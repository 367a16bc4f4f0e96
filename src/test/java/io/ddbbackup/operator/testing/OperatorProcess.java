package io.ddbbackup.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The packaged operator jar as a separate process, configured as a pod with IRSA would be: a
 * kubeconfig for its ServiceAccount, AWS_ROLE_ARN plus a web identity token file, AWS_ENDPOINT_URL
 * pointing at moto, and no static AWS keys anywhere in its environment. So every backup in these
 * tests went through STS AssumeRoleWithWebIdentity first.
 */
public final class OperatorProcess implements AutoCloseable {

  public static final String ROLE_ARN = "arn:aws:iam::" + Moto.ACCOUNT + ":role/ddb-backup";

  /** Variables that would give the operator credentials other than the web identity. */
  private static final List<String> FOREIGN_CREDENTIALS =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_PROFILE",
          "AWS_DEFAULT_PROFILE",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
          "KUBERNETES_SERVICE_HOST",
          "KUBERNETES_SERVICE_PORT");

  /** The test-only launcher with the crash hook, and the variable that arms it. */
  private static final String CRASHING_MAIN = "io.ddbbackup.operator.app.CrashingOperator";

  private static final String CRASH_AT = "DDBBACKUP_CRASH_AT";

  /** The test-only launcher whose JVM lingers on exit, and the variable that says how long. */
  private static final String SLOW_EXIT_MAIN = "io.ddbbackup.operator.app.SlowExitOperator";

  private static final String EXIT_DELAY = "DDBBACKUP_TEST_EXIT_DELAY_SECONDS";

  /** The test-only launcher on the test's clock, and the variable naming the clock's file. */
  private static final String CLOCKED_MAIN = "io.ddbbackup.operator.app.ClockedOperator";

  private static final String CLOCK_FILE = "DDBBACKUP_TEST_CLOCK_FILE";

  private final ControlPlane controlPlane;
  private final Path workDir;
  private final Path log;
  private Process process;
  private int httpPort;
  private int starts;
  // options the reliability tests set (additive: the e2e tests use none of them)
  private final Map<String, String> extraEnv = new java.util.LinkedHashMap<>();
  private final List<String> extraArgs = new ArrayList<>();
  private boolean leaderElection;

  /** A test-only main class run from the jar and target/test-classes, or null for the jar's. */
  private String testLauncher;

  private String awsEndpoint;

  /** {@code awsEndpoint}: moto, or a {@link CreateBackupGate} or fault proxy in front of it. */
  public OperatorProcess(ControlPlane controlPlane, String awsEndpoint, Path workDir) {
    this(controlPlane, awsEndpoint, workDir, "operator");
  }

  /** A named process (log {@code <name>.log}), for tests that run more than one. */
  public OperatorProcess(ControlPlane controlPlane, String awsEndpoint, Path workDir, String name) {
    this.controlPlane = controlPlane;
    this.awsEndpoint = awsEndpoint;
    this.workDir = workDir;
    this.log = workDir.resolve(name + ".log");
  }

  /** An extra environment variable for the next start (null removes it). */
  public OperatorProcess withEnv(String name, String value) {
    if (value == null) {
      extraEnv.remove(name);
    } else {
      extraEnv.put(name, value);
    }
    return this;
  }

  /** Extra command-line options for every start. */
  public OperatorProcess withArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  /**
   * Runs the operator with the test-only crash hook ({@code CrashingOperator}, from
   * target/test-classes beside the jar), halting at the named points ({@code after-slot-recorded},
   * {@code after-create-backup}, {@code mid-prune}, comma-separated, or {@code all}) from the next
   * start on; null arms none. The released jar has no such hook.
   */
  public OperatorProcess withCrashPoints(String points) {
    testLauncher = CRASHING_MAIN;
    return withEnv(CRASH_AT, points);
  }

  /**
   * Runs the operator with the test-only {@code SlowExitOperator} (from target/test-classes beside
   * the jar): once it calls System.exit, as a replica that lost its Lease does, its JVM runs on for
   * {@code delay} before it ends, so what was in flight carries on meanwhile. The released jar has
   * no such hook.
   */
  public OperatorProcess withSlowExit(Duration delay) {
    testLauncher = SLOW_EXIT_MAIN;
    return withEnv(EXIT_DELAY, String.valueOf(delay.toSeconds()));
  }

  /**
   * Runs the operator with the test-only {@code ClockedOperator} (from target/test-classes beside
   * the jar): its clock reads the instant a {@link MutableClock} publishes to {@code clockFile}
   * ({@link MutableClock#publishTo}). The released jar has no such hook.
   */
  public OperatorProcess withClockFile(Path clockFile) {
    testLauncher = CLOCKED_MAIN;
    return withEnv(CLOCK_FILE, clockFile.toString());
  }

  /** Leader election on (instead of --no-leader-election); pass --lease-namespace via withArgs. */
  public OperatorProcess withLeaderElection() {
    leaderElection = true;
    return this;
  }

  /** AWS_ENDPOINT_URL other than moto itself, e.g. a fault-injecting proxy in front of it. */
  public OperatorProcess withAwsEndpoint(String endpoint) {
    awsEndpoint = endpoint;
    return this;
  }

  public int httpPort() {
    return httpPort;
  }

  /** How many times start() launched a process. */
  public int starts() {
    return starts;
  }

  /** Starts without waiting for /readyz (a standby, or a process expected to die). */
  public OperatorProcess launch() {
    launchProcess();
    return this;
  }

  /** True when /readyz answers 200. */
  public boolean isReady() {
    return ready();
  }

  /** The exit code after the process ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Starts the jar and waits until /readyz says its informers are up. */
  public OperatorProcess start() {
    launchProcess();
    await("operator ready on :" + httpPort + "/readyz (log " + log + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the operator exited; see " + log, () -> !process.isAlive())
        .until(this::ready);
    return this;
  }

  private void launchProcess() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("operator already running (pid " + process.pid() + ")");
    }
    httpPort = FreePort.pick();
    Path token = writeWebIdentityToken();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    if (testLauncher != null) {
      String classPath = Tools.operatorJar() + java.io.File.pathSeparator + Tools.testClasses();
      command.addAll(List.of("-cp", classPath, testLauncher));
    } else {
      command.addAll(List.of("-jar", Tools.operatorJar().toString()));
    }
    if (!leaderElection) {
      command.add("--no-leader-election");
    }
    command.addAll(List.of("--http-host=127.0.0.1", "--http-port=" + httpPort));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    FOREIGN_CREDENTIALS.forEach(env::remove);
    env.put("KUBECONFIG", controlPlane.operatorKubeconfig().toString());
    env.put("AWS_REGION", Moto.REGION);
    env.put("AWS_ROLE_ARN", ROLE_ARN);
    env.put("AWS_ROLE_SESSION_NAME", "e2e");
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
    env.put("AWS_ENDPOINT_URL", awsEndpoint);
    // no ~/.aws of whoever runs the tests
    env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(extraEnv);
    try {
      Files.writeString(
          log,
          "===== e2e: start #" + ++starts + " at " + Instant.now() + ": " + command + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SIGSTOP: the process is frozen where it stands (threads, timers, open connections), as a node
   * under memory pressure or a stop-the-world pause would freeze it; its clock runs on.
   */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: a frozen process runs on from where it stood. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    Cli.run(List.of("kill", "-" + name, String.valueOf(process.pid()))).ok();
  }

  /** Like kill -9: no shutdown hook, no last status write. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      await("operator process gone").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What Prometheus would scrape from the operator now. */
  public String scrapeMetrics() {
    HttpResponse<String> response = get("/metrics", Duration.ofSeconds(5));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return response.body();
  }

  private boolean ready() {
    try {
      return get("/readyz", Duration.ofSeconds(2)).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private HttpResponse<String> get(String path, Duration timeout) {
    return LoopbackHttp.get("http://127.0.0.1:" + httpPort + path, timeout);
  }

  /** A JWT-shaped token as the kubelet projects it; moto does not check the signature. */
  private Path writeWebIdentityToken() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        ("{\"aud\":[\"sts.amazonaws.com\"],\"iss\":\"https://oidc.e2e.invalid\","
                + "\"sub\":\"system:serviceaccount:%s:%s\",\"iat\":%d,\"exp\":%d}")
            .formatted(
                ControlPlane.OPERATOR_NAMESPACE,
                ControlPlane.OPERATOR_SERVICE_ACCOUNT,
                now,
                now + 86400);
    String jwt =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString("e2e-signature".getBytes(StandardCharsets.UTF_8));
    try {
      return Files.writeString(workDir.resolve("web-identity-token"), jwt);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
