package io.ddbbackup.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbbackup.operator.aws.DynamoDbBackupStore;
import io.ddbbackup.operator.aws.StoreSettings;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A thousand schedules on the same minute: the real {@link DynamoDbBackupStore} in front of a stub
 * that, like DynamoDB at its quota, throttles a CreateBackup when its bucket of 50 tokens, refilled
 * at 50 per second, is empty. (A strict sliding one-second window of 50 cannot be met by any client
 * at exactly 50/s on a loaded machine: arrival jitter alone bunches requests; the peak per sliding
 * second is reported instead.) The client-side limit must queue them so that none is ever
 * throttled.
 */
class SameMinuteCreateBackupsTest {

  private static final int SCHEDULES = 1000;
  private static final int QUOTA_PER_SECOND = 50;
  private HttpServer stub;
  private final ArrayDeque<Long> lastSecond = new ArrayDeque<>();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private int peakPerSecond;
  private double tokens = QUOTA_PER_SECOND;
  private long refilledAt = System.nanoTime();
  private String previousEndpoint;

  @BeforeEach
  void startTheStub() throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    stub.setExecutor(Executors.newFixedThreadPool(16));
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

  private Duration took;

  @Test
  void aThousandSameMinuteCreateBackupsQueueAtFiftyASecondAndAreNeverThrottled() throws Exception {
    StoreSettings settings = StoreSettings.defaults().withDefaultRegion("eu-west-1");
    try (BackupStore store =
        DynamoDbBackupStore.withQuotas(
            settings,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      // a running operator has its SDK client built and warm; a cold one's first calls are slow
      // and would arrive bunched, whatever the limiter granted
      ExecutorService schedules = Executors.newFixedThreadPool(64);
      List<Future<?>> warmUp = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        warmUp.add(
            schedules.submit(
                () ->
                    store.create(
                        new TableTarget("orders", null, null), "warm-up-20260301T025900Z")));
      }
      for (Future<?> call : warmUp) {
        call.get(60, TimeUnit.SECONDS);
      }
      org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
      synchronized (lastSecond) {
        lastSecond.clear();
        tokens = QUOTA_PER_SECOND;
        refilledAt = System.nanoTime();
        created.set(0);
        peakPerSecond = 0;
      }
      long started = System.nanoTime();
      // the operator's schedules share one store whatever their count; 64 reconcile at a time
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < SCHEDULES; i++) {
        String name = "ns-schedule%04d-20260301T030000Z".formatted(i);
        calls.add(
            schedules.submit(() -> store.create(new TableTarget("orders", null, null), name)));
      }
      for (Future<?> call : calls) {
        call.get(60, TimeUnit.SECONDS);
      }
      schedules.shutdown();
      took = Duration.ofNanos(System.nanoTime() - started);
    }
    String report =
        "%d CreateBackups in %.1fs, peak %d in one second, %d throttled"
            .formatted(created.get(), took.toMillis() / 1000.0, peakPerSecond, throttled.get());
    System.out.println("rate-limits: " + report);

    assertThat(throttled.get()).as("CreateBackups the stub throttled").isZero();
    assertThat(created.get()).isEqualTo(SCHEDULES);
    // queued, not dropped or bunched: 1000 at 50/s cannot take much less than 19 s
    assertThat(took).isGreaterThan(Duration.ofSeconds(18));
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (target == null || !target.endsWith(".CreateBackup")) {
        send(
            exchange, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\"}");
        return;
      }
      boolean overQuota;
      synchronized (lastSecond) {
        long now = System.nanoTime();
        // DynamoDB's quota as AWS enforces it: a bucket of 50 tokens refilled at 50 per second
        tokens = Math.min(QUOTA_PER_SECOND, tokens + (now - refilledAt) * QUOTA_PER_SECOND / 1e9);
        refilledAt = now;
        overQuota = tokens < 1;
        if (!overQuota) {
          tokens -= 1;
          // and, for the report, the most that ever arrived within one sliding second
          while (!lastSecond.isEmpty() && now - lastSecond.peekFirst() >= 1_000_000_000L) {
            lastSecond.removeFirst();
          }
          lastSecond.addLast(now);
          peakPerSecond = Math.max(peakPerSecond, lastSecond.size());
        }
      }
      if (overQuota) {
        throttled.incrementAndGet();
        send(
            exchange,
            400,
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
        return;
      }
      String name =
          new String(request, StandardCharsets.UTF_8)
              .replaceAll(".*\"BackupName\":\"([^\"]+)\".*", "$1");
      int n = created.incrementAndGet();
      send(
          exchange,
          200,
          """
          {"BackupDetails":{"BackupArn":"arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/0177233400000%d-0a1b2c3d",
           "BackupName":"%s","BackupStatus":"AVAILABLE","BackupType":"USER","BackupCreationDateTime":1772334000.5}}"""
              .formatted(n, name));
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
