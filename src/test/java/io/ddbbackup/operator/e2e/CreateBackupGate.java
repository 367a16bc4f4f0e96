package io.ddbbackup.operator.e2e;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbbackup.operator.testing.HttpForwarding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback hop between the operator and moto. It passes every call through (counting them by
 * operation), except that while {@link #hold()} is on it keeps CreateBackup calls (or those of the
 * operation given to {@link #hold(String)}) waiting, so a test can kill the operator with its
 * CreateBackup in flight and then decide whether that call reached AWS ({@link Held#deliver()}) or
 * not ({@link Held#drop()}): the two cases an exactly-once claim must survive.
 */
final class CreateBackupGate implements AutoCloseable {

  private static final Pattern BACKUP_NAME = Pattern.compile("\"BackupName\"\\s*:\\s*\"([^\"]+)\"");

  private final String upstream;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> createCalls = new ConcurrentLinkedQueue<>();

  /**
   * Every call passed on, by operation: the SDK's invocation id (one per call, its retries too).
   */
  private final Map<String, ConcurrentLinkedQueue<String[]>> calls = new ConcurrentHashMap<>();

  private volatile boolean holding;
  private volatile String heldOperation = "CreateBackup";

  /** A CreateBackup call kept waiting. */
  final class Held {
    private final String backupName;
    private final HttpExchange exchange;
    private final byte[] body;
    private final CompletableFuture<Boolean> delivered = new CompletableFuture<>();

    private Held(String backupName, HttpExchange exchange, byte[] body) {
      this.backupName = backupName;
      this.exchange = exchange;
      this.body = body;
    }

    String backupName() {
      return backupName;
    }

    /** The call reaches moto after all; whoever sent it may be gone and never hear back. */
    void deliver() {
      delivered.complete(true);
    }

    /** The call is lost on the way: moto never sees it. */
    void drop() {
      delivered.complete(false);
    }
  }

  CreateBackupGate(String upstream) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void hold() {
    hold("CreateBackup");
  }

  /** Keeps calls of this DynamoDB operation (e.g. RestoreTableFromBackup) waiting. */
  void hold(String operation) {
    heldOperation = operation;
    holding = true;
  }

  void pass() {
    holding = false;
  }

  /** How many calls of {@code operation} the gate passed on to moto since it started. */
  int forwarded(String operation) {
    AtomicInteger count = forwarded.get(operation);
    return count == null ? 0 : count.get();
  }

  /**
   * The calls of {@code operation} passed on so far, each counted once however often the SDK sent
   * it (a retry carries its call's invocation id).
   */
  int invocations(String operation) {
    var list = calls.get(operation);
    return list == null ? 0 : (int) list.stream().map(c -> c[1]).distinct().count();
  }

  /** Each attempt of {@code operation} passed on: when, the invocation id and the attempt. */
  java.util.List<String> attempts(String operation) {
    var list = calls.get(operation);
    return list == null
        ? java.util.List.of()
        : list.stream().map(c -> c[0] + " invocation=" + c[1] + " request=" + c[2]).toList();
  }

  /** Each CreateBackup passed on to moto: when, the backup name and the SDK's attempt headers. */
  java.util.List<String> createCalls() {
    return java.util.List.copyOf(createCalls);
  }

  /** Waits for the next CreateBackup the gate holds. */
  Held awaitHeld(Duration atMost) {
    await("a CreateBackup held at the gate").atMost(atMost).until(() -> !held.isEmpty());
    return held.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (holding && target != null && target.endsWith("." + heldOperation)) {
        Matcher name =
            BACKUP_NAME.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        Held call = new Held(name.find() ? name.group(1) : "?", exchange, body);
        held.add(call);
        if (!call.delivered.join()) {
          return; // closing the exchange without an answer: the connection just ends
        }
      }
      if (target != null) {
        String operation = target.substring(target.lastIndexOf('.') + 1);
        forwarded.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        calls
            .computeIfAbsent(operation, o -> new ConcurrentLinkedQueue<>())
            .add(
                new String[] {
                  java.time.Instant.now().toString(),
                  String.valueOf(exchange.getRequestHeaders().getFirst("amz-sdk-invocation-id")),
                  String.valueOf(exchange.getRequestHeaders().getFirst("amz-sdk-request"))
                });
        if ("CreateBackup".equals(operation)) {
          Matcher name =
              BACKUP_NAME.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
          createCalls.add(
              java.time.Instant.now()
                  + " "
                  + (name.find() ? name.group(1) : "?")
                  + " invocation="
                  + exchange.getRequestHeaders().getFirst("amz-sdk-invocation-id")
                  + " request="
                  + exchange.getRequestHeaders().getFirst("amz-sdk-request"));
        }
      }
      forward(exchange, body);
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
    HttpForwarding.copyHeaders(response, exchange);
    byte[] answer = response.body();
    try {
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      exchange.getResponseBody().write(answer);
    } catch (IOException e) {
      // the caller was killed while its call was held: nobody is left to read the answer
    }
  }

  @Override
  public void close() {
    held.forEach(Held::drop);
    server.stop(0);
    threads.shutdownNow();
  }
}
