package io.ddbbackup.operator.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbbackup.operator.testing.HttpForwarding;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP proxy on loopback in front of moto that answers some DynamoDB calls with a fault instead
 * of forwarding them: ThrottlingException, LimitExceededException, a 500, a slow answer, or a lost
 * response (forwarded to moto, so it took effect, but the answer is cut off: what a timeout after
 * the request reached AWS looks like). STS and the moto API always pass. Counts what it did.
 */
final class FaultProxy implements AutoCloseable {

  enum Fault {
    THROTTLING,
    LIMIT_EXCEEDED,
    SERVER_ERROR,
    SLOW,
    LOST_RESPONSE
  }

  private final HttpServer server;
  private final String upstream;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile double rate;
  private volatile Set<Fault> faults = Set.of();
  private volatile Set<String> operations = Set.of();
  private final AtomicInteger burst = new AtomicInteger();
  private final ConcurrentMap<String, LongAdder> injected = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> forwarded = new ConcurrentHashMap<>();
  private final Set<String> stsSecrets = ConcurrentHashMap.newKeySet();
  private static final java.util.regex.Pattern STS_SECRET =
      java.util.regex.Pattern.compile(
          "<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)</(?:AccessKeyId|SecretAccessKey|SessionToken)>");

  FaultProxy(String upstream) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Faults at this rate (0..1) for these DynamoDB operations (empty = all). */
  void inject(double rate, Set<Fault> faults, Set<String> operations) {
    this.faults = Set.copyOf(faults);
    this.operations = Set.copyOf(operations);
    this.rate = rate;
  }

  /** The next {@code n} matching calls all fail, whatever the rate. */
  void burst(int n) {
    burst.set(n);
  }

  void stop() {
    rate = 0;
    burst.set(0);
  }

  Map<String, LongAdder> injected() {
    return injected;
  }

  Map<String, LongAdder> forwarded() {
    return forwarded;
  }

  /** AccessKeyId, SecretAccessKey and SessionToken of every STS answer that passed through. */
  Set<String> stsSecrets() {
    return Set.copyOf(stsSecrets);
  }

  long injectedTotal() {
    return injected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? null : target.substring(target.indexOf('.') + 1);
      Fault fault = operation == null ? null : pick(operation);
      if (fault != null) {
        injected.computeIfAbsent(operation + " " + fault, k -> new LongAdder()).increment();
      } else if (operation != null) {
        forwarded.computeIfAbsent(operation, k -> new LongAdder()).increment();
      }
      if (fault == Fault.THROTTLING) {
        error(
            exchange,
            400,
            "ThrottlingException",
            "Rate of requests exceeds the allowed throughput.");
        return;
      }
      if (fault == Fault.LIMIT_EXCEEDED) {
        error(
            exchange, 400, "LimitExceededException", "Too many operations for a given subscriber.");
        return;
      }
      if (fault == Fault.SERVER_ERROR) {
        error(exchange, 500, "InternalServerError", "Internal server error");
        return;
      }
      if (fault == Fault.SLOW) {
        sleep(Duration.ofMillis(1500));
      }
      HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
      if (fault == Fault.LOST_RESPONSE) {
        // the call took effect in moto; the client gets a cut-off answer and cannot know it
        exchange.sendResponseHeaders(200, 4096);
        exchange.getResponseBody().write("{\"Backup".getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
        return;
      }
      HttpForwarding.copyHeaders(response, exchange);
      byte[] answer = response.body();
      if (operation == null) {
        java.util.regex.Matcher m = STS_SECRET.matcher(new String(answer, StandardCharsets.UTF_8));
        while (m.find()) {
          stsSecrets.add(m.group(2));
        }
      }
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a client that went away; nothing to answer
    }
  }

  private Fault pick(String operation) {
    if (!operations.isEmpty() && !operations.contains(operation)) {
      return null;
    }
    List<Fault> choices = List.copyOf(faults);
    if (choices.isEmpty()) {
      return null;
    }
    Fault fault = choices.get(ThreadLocalRandom.current().nextInt(choices.size()));
    if (burst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return fault;
    }
    return ThreadLocalRandom.current().nextDouble() < rate ? fault : null;
  }

  private static void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    byte[] body =
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\",\"message\":\"%s\"}"
            .formatted(type, message)
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "fault-proxy");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
