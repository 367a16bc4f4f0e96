package io.ddbbackup.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbbackup.operator.aws.DynamoDbBackupStore;
import io.ddbbackup.operator.aws.StoreSettings;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.backup.WrappedBackupStore;
import io.ddbbackup.operator.quota.QuotaGate;
import io.ddbbackup.operator.quota.Quotas;
import io.ddbbackup.operator.testing.VirtualTime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A thousand schedules on the same minute: the real {@link DynamoDbBackupStore} behind the
 * operator's quota gate with its default quotas, 64 reconcile threads at a time, in front of a stub
 * DynamoDB that throttles a CreateBackup as AWS does at its quota. The client-side limit must queue
 * them so that none is ever throttled, and no slower than the quota allows.
 *
 * <p>On virtual time ({@link VirtualTime}): the limiters wait on it and the stub reads it, and it
 * moves only when every reconcile thread waits for a permit. An HTTP call takes no virtual time, so
 * a request reaches the stub at the instant it leaves, however loaded the machine is; the arrival
 * jitter that a real machine adds is put into the stub's bucket instead (see {@link
 * #ARRIVAL_JITTER}).
 */
class SameMinuteCreateBackupsTest {

  private static final int SCHEDULES = 1000;
  private static final int RECONCILE_THREADS = 64;

  /** DynamoDB's CreateBackup quota: a bucket of 50 tokens refilled at 50 per second. */
  private static final int QUOTA_PER_SECOND = 50;

  /**
   * How much later than others a request may reach DynamoDB. A late request meets a bucket that
   * requests sent after it have drawn on, so a client is safe against every delay up to J when a
   * bucket holding 50·J fewer tokens, checked as the requests leave, never runs dry: within any
   * span s DynamoDB then sees at most those sent within s + J, (50 - 50·J) + 50·(s + J) = 50 +
   * 50·s. The real-time version of this test saw up to 78 CreateBackups within one sliding second
   * on this machine (docs/reliability.md): 28 more than leave in one, about 0.56 s of bunching.
   */
  private static final Duration ARRIVAL_JITTER = Duration.ofMillis(600);

  private static final double STUB_BUCKET =
      QUOTA_PER_SECOND * (1 - ARRIVAL_JITTER.toNanos() / 1e9); // 20 tokens

  private static final Pattern BACKUP_NAME = Pattern.compile("\"BackupName\":\"([^\"]+)\"");

  private final VirtualTime time = new VirtualTime();
  private HttpServer stub;
  private String previousEndpoint;

  // the stub's bucket and what it saw, in virtual time; guarded by this
  private double tokens = STUB_BUCKET;
  private long refilledAt;
  private final List<Long> madeAt = new ArrayList<>();
  private final Map<String, Integer> made = new ConcurrentHashMap<>();
  private int throttled;

  @BeforeEach
  void startTheStub() throws IOException {
    // virtual time sends one CreateBackup at a time, each after the last was answered: with
    // Nagle's algorithm each answer waits ~40 ms for an ACK and the test takes a minute, not
    // seconds (pom.xml sets this for the whole surefire fork too: the JDK reads it only once)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    // answered on the server's own thread: one request at a time is what virtual time sends, and
    // each hand-over to another thread costs a loaded machine milliseconds per CreateBackup
    stub.setExecutor(null);
    stub.createContext("/", this::answer);
    stub.start();
    previousEndpoint = System.getProperty("aws.endpointUrlDynamoDb");
    System.setProperty(
        "aws.endpointUrlDynamoDb", "http://127.0.0.1:" + stub.getAddress().getPort());
  }

  @AfterEach
  void stopTheStub() {
    stub.stop(0);
    if (previousEndpoint == null) {
      System.clearProperty("aws.endpointUrlDynamoDb");
    } else {
      System.setProperty("aws.endpointUrlDynamoDb", previousEndpoint);
    }
  }

  @Test
  void aThousandSameMinuteCreateBackupsQueueAtFiftyASecondAndAreNeverThrottled() throws Exception {
    // retries of a refusal cost milliseconds here; none is expected
    StoreSettings settings =
        StoreSettings.defaults()
            .withDefaultRegion("eu-west-1")
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5));
    Queue<String> due = new ConcurrentLinkedQueue<>();
    IntStream.range(0, SCHEDULES)
        .mapToObj("ns-schedule%04d-20260301T030000Z"::formatted)
        .forEach(due::add);
    Set<String> names = Set.copyOf(due);
    Queue<String> failed = new ConcurrentLinkedQueue<>();
    long wallStart = System.nanoTime();
    try (DynamoDbBackupStore sdk =
        new DynamoDbBackupStore(
            settings,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      // as DynamoDb.connect puts the operator's store behind its quotas, but on virtual time
      BackupStore store =
          new WrappedBackupStore(
              sdk,
              new QuotaGate(
                  new Quotas(settings.ratesPerSecond(), time::nanoTime, time::sleepNanos),
                  sdk::regionOf,
                  new QuotaGate.RefusalRetry(
                      settings.retries().maxAttempts(),
                      settings.retries().throttledBaseDelay(),
                      settings.retries().maxBackoff())));
      ExecutorService reconcileThreads = Executors.newFixedThreadPool(RECONCILE_THREADS);
      time.enter(RECONCILE_THREADS);
      List<Future<?>> threads = new ArrayList<>();
      for (int i = 0; i < RECONCILE_THREADS; i++) {
        threads.add(
            reconcileThreads.submit(
                () -> {
                  try {
                    for (String name = due.poll(); name != null; name = due.poll()) {
                      try {
                        store.create(new TableTarget("orders", null, null), name);
                      } catch (RuntimeException e) {
                        failed.add(name + ": " + e.getMessage());
                      }
                    }
                  } finally {
                    time.leave();
                  }
                }));
      }
      for (Future<?> thread : threads) {
        thread.get(5, TimeUnit.MINUTES);
      }
      reconcileThreads.shutdown();
    }
    Duration last = Duration.ofNanos(madeAt.isEmpty() ? 0 : madeAt.get(madeAt.size() - 1));
    System.out.println(
        ("rate-limits: %d CreateBackups made in %.2f virtual s (%.1f s of real time), peak %d in"
                + " one sliding second, %d throttled, %d failed")
            .formatted(
                made.size(),
                last.toMillis() / 1000.0,
                (System.nanoTime() - wallStart) / 1e9,
                peakPerSecond(),
                throttled,
                failed.size()));

    assertThat(throttled).as("CreateBackups the stub throttled").isZero();
    assertThat(failed).as("CreateBackups that failed").isEmpty();
    assertThat(made).as("backups made, by name").hasSize(SCHEDULES).containsOnlyKeys(names);
    assertThat(made.values()).as("backups made of each name").containsOnly(1);
    // queued at the quota: the thousandth permit comes 999 intervals of 20 ms after the first,
    // no sooner (that would be over the quota) and no later (the slot waits for nothing else)
    assertThat(last)
        .as("virtual time of the last CreateBackup")
        .isEqualTo(Duration.ofSeconds(SCHEDULES - 1).dividedBy(QUOTA_PER_SECOND));
  }

  /** The most CreateBackups the stub made within any one second, in virtual time. */
  private synchronized int peakPerSecond() {
    int peak = 0;
    for (int first = 0, i = 0; i < madeAt.size(); i++) {
      while (madeAt.get(i) - madeAt.get(first) >= TimeUnit.SECONDS.toNanos(1)) {
        first++;
      }
      peak = Math.max(peak, i - first + 1);
    }
    return peak;
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      Matcher name = BACKUP_NAME.matcher(request);
      if (target == null || !target.endsWith("." + Operation.CREATE.awsName()) || !name.find()) {
        send(
            exchange, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\"}");
        return;
      }
      boolean overQuota;
      synchronized (this) {
        long now = time.nanoTime(); // the instant it left: no virtual time passes in a call
        tokens = Math.min(STUB_BUCKET, tokens + (now - refilledAt) * QUOTA_PER_SECOND / 1e9);
        refilledAt = now;
        overQuota = tokens < 1;
        if (overQuota) {
          throttled++;
        } else {
          tokens -= 1;
          madeAt.add(now);
        }
      }
      if (overQuota) {
        send(
            exchange,
            400,
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
        return;
      }
      int n = made.merge(name.group(1), 1, Integer::sum);
      send(
          exchange,
          200,
          """
          {"BackupDetails":{"BackupArn":"arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/01772334000000-%08x",
           "BackupName":"%s","BackupStatus":"CREATING","BackupType":"USER","BackupCreationDateTime":1772334000.5}}"""
              .formatted(name.group(1).hashCode() + n, name.group(1)));
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
