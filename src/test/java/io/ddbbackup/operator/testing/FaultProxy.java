package io.ddbbackup.operator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on loopback between one operator process and moto, for DynamoDB and STS alike. It
 * records every call it saw, with the time it arrived and what moto answered, so a test can judge
 * from outside the operator what was written to AWS and when ({@link #calls()}, {@link
 * BackupLedger}), and it fails calls on purpose ({@link Fault}): at a rate, in bursts, in a fixed
 * rotation, or the next few calls of one operation. The faults that forward the call first are the
 * ambiguous ones, where the call took effect but the caller cannot know: the only ones that can
 * make a duplicate out of a blind retry.
 */
public final class FaultProxy implements AutoCloseable {

  /** What the proxy does instead of passing a call through. */
  public enum Fault {
    /** 400 ThrottlingException (STS: Throttling); not forwarded. */
    THROTTLING(false),
    /** 400 LimitExceededException; not forwarded. */
    LIMIT_EXCEEDED(false),
    /** 500 InternalServerError (STS: InternalFailure); not forwarded, so it had no effect. */
    SERVER_ERROR(false),
    /** 400 ExpiredTokenException: the web identity token or the session has expired. */
    EXPIRED_TOKEN(false),
    /** Forwarded and answered, 1.5 s late (below every timeout). */
    SLOW(true),
    /** Forwarded, so it took effect; the answer is cut off after a few bytes. */
    LOST_RESPONSE(true),
    /** Forwarded, so it took effect; answered with a 500 all the same. */
    SERVER_ERROR_AFTER_FORWARDING(true),
    /**
     * Forwarded, so it took effect; the answer is withheld past the SDK's attempt timeout (15 s)
     * and the connection then closed: what a timeout after the request reached AWS looks like.
     */
    ANSWER_WITHHELD(true);

    private final boolean forwards;

    Fault(boolean forwards) {
      this.forwards = forwards;
    }

    /** True when the call reaches moto (and so takes effect) before the fault. */
    public boolean forwards() {
      return forwards;
    }
  }

  /**
   * One call as the proxy saw it.
   *
   * @param proxy the name of the proxy (one per operator process: the writer's identity)
   * @param received when the request arrived
   * @param service {@code dynamodb} or {@code sts}
   * @param operation e.g. {@code CreateBackup} or {@code AssumeRoleWithWebIdentity}
   * @param fault the fault injected, or null
   * @param upstreamStatus moto's HTTP status, or 0 when the call was not forwarded
   * @param request the request body
   * @param upstreamBody moto's answer, or empty when not forwarded
   */
  public record Call(
      String proxy,
      Instant received,
      String service,
      String operation,
      Fault fault,
      int upstreamStatus,
      String request,
      String upstreamBody) {

    /** True when the call reached moto and moto did it. */
    public boolean tookEffect() {
      return upstreamStatus == 200;
    }

    /**
     * A DynamoDB call that changes something: anything not named as a read, judged here apart from
     * the operator's own list.
     */
    public boolean isDynamoDbWrite() {
      return service.equals("dynamodb")
          && !(operation.startsWith("Describe")
              || operation.startsWith("List")
              || operation.startsWith("Get")
              || operation.startsWith("Scan")
              || operation.startsWith("Query"));
    }
  }

  /**
   * How long {@link Fault#ANSWER_WITHHELD} holds an answer: past the SDK's 15 s attempt timeout.
   */
  public static final Duration WITHHELD = Duration.ofSeconds(17);

  private static final Pattern STS_SECRET =
      Pattern.compile(
          "<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)</(?:AccessKeyId|SecretAccessKey|SessionToken)>");
  private static final Pattern STS_EXPIRATION = Pattern.compile("<Expiration>[^<]+</Expiration>");
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

  private final String name;
  private final HttpServer server;
  private final String upstream;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Call> calls = new ArrayList<>();

  /** Operation and arrival of every request, recorded before anything is done with it. */
  private final List<Map.Entry<String, Instant>> arrivals = new ArrayList<>();

  private final Set<String> stsSecrets = ConcurrentHashMap.newKeySet();

  // what to inject; guarded by this
  private double rate;
  private List<Fault> rateFaults = List.of();
  private Set<String> rateOperations = Set.of();
  private int burst;
  private final Map<String, Deque<Fault>> next = new HashMap<>();
  private final Map<String, Rotation> rotations = new HashMap<>();
  private final Map<String, Map.Entry<Integer, Fault>> failingFrom = new HashMap<>();
  private final Map<String, AtomicInteger> seen = new HashMap<>();
  private final Map<String, Hold> holds = new HashMap<>();
  private volatile Duration credentialLifetime;
  private volatile Duration delayForwarding;
  private volatile String delayedOperation;

  /** Every {@code every}-th call of an operation fails, with the next fault of {@code faults}. */
  private record Rotation(int every, List<Fault> faults, AtomicInteger faulted) {}

  public FaultProxy(String name, String upstream) {
    this.name = name;
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String name() {
    return name;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  // ---- what to inject ----

  /** Faults at this rate (0..1), picked at random among {@code faults}, for these operations. */
  public synchronized void inject(double rate, Set<Fault> faults, Set<String> operations) {
    this.rateFaults = List.copyOf(faults);
    this.rateOperations = Set.copyOf(operations);
    this.rate = rate;
  }

  /** The next {@code n} calls that {@link #inject} matches all fail, whatever the rate. */
  public synchronized void burst(int n) {
    burst = n;
  }

  /** Every {@code every}-th call of {@code operation} fails, with {@code faults} in turn. */
  public synchronized void rotate(String operation, int every, List<Fault> faults) {
    rotations.put(operation, new Rotation(every, List.copyOf(faults), new AtomicInteger()));
  }

  /**
   * The next {@code times} calls of {@code operation} fail with {@code fault}, before any other.
   */
  public synchronized void failNext(String operation, Fault fault, int times) {
    Deque<Fault> queue = next.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(fault);
    }
  }

  /** Drops the faults {@link #failNext} queued for {@code operation} that no call has met. */
  public synchronized void clearNext(String operation) {
    next.remove(operation);
    failingFrom.remove(operation);
  }

  /**
   * The next {@code passing} calls of {@code operation} go through, and every later one fails with
   * {@code fault} until {@link #clearNext}: a process that loses its connection for good part-way
   * through its work, as one killed there.
   */
  public synchronized void failAfter(String operation, int passing, Fault fault) {
    int seenSoFar = seen.computeIfAbsent(operation, o -> new AtomicInteger()).get();
    failingFrom.put(operation, Map.entry(seenSoFar + passing, fault));
  }

  /**
   * STS answers say the credentials expire {@code lifetime} from now, so the SDK fetches new ones
   * about every {@code lifetime} minus its one-minute stale margin: STS faults then hit running
   * schedules instead of only the first call. Null: moto's own expiry.
   */
  public void shortenCredentials(Duration lifetime) {
    credentialLifetime = lifetime;
  }

  /** Calls of {@code operation} are forwarded only after {@code delay} (null: at once). */
  public void delayForwarding(String operation, Duration delay) {
    delayedOperation = operation;
    delayForwarding = delay;
  }

  /**
   * The next call of {@code operation} is held in the proxy, unanswered and not forwarded, until
   * {@link Hold#release}, and then answered with {@code answer}, still not forwarded: a request
   * that left the caller but never reached AWS, as one lost on the way. A fault that forwards is
   * refused here: a write that reaches AWS whenever the test releases it is no longer the caller's
   * to stop.
   */
  public synchronized Hold holdNext(String operation, Fault answer) {
    if (answer.forwards()) {
      throw new IllegalArgumentException(answer + " forwards the call; a held call must not");
    }
    Hold hold = new Hold(operation, answer);
    holds.put(operation, hold);
    return hold;
  }

  /** A call held by {@link #holdNext}: when it arrived, and when the test let it be answered. */
  public static final class Hold {

    /** How long a hold lasts at most, so that a test that fails early leaves no thread behind. */
    private static final Duration LONGEST = Duration.ofMinutes(3);

    private final String operation;
    private final Fault answer;
    private final CountDownLatch arrival = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Instant arrived;
    private volatile Instant released;

    private Hold(String operation, Fault answer) {
      this.operation = operation;
      this.answer = answer;
    }

    public String operation() {
      return operation;
    }

    public Fault answer() {
      return answer;
    }

    /** True once the call is held. */
    public boolean hasArrived() {
      return arrival.getCount() == 0;
    }

    /** When the held call arrived, or null. */
    public Instant arrived() {
      return arrived;
    }

    /** When the test released it, or null. */
    public Instant released() {
      return released;
    }

    /** The held call is answered now (with {@link #answer()}); a later call is not held. */
    public void release() {
      if (released == null) {
        released = Instant.now();
      }
      release.countDown();
    }

    private void arrive(Instant at) {
      arrived = at;
      arrival.countDown();
    }

    private void awaitRelease() {
      try {
        release.await(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** No more faults or delays of any kind; held calls are answered. */
  public synchronized void stop() {
    rate = 0;
    burst = 0;
    next.clear();
    rotations.clear();
    delayForwarding = null;
    holds.values().forEach(Hold::release);
    holds.clear();
  }

  // ---- what happened ----

  /** Forgets the calls recorded so far (what was injected is unchanged). */
  public synchronized void forget() {
    calls.clear();
    arrivals.clear();
  }

  /** True once a request of {@code operation} has arrived at or after {@code from}. */
  public synchronized boolean arrivedSince(String operation, Instant from) {
    return arrivals.stream()
        .anyMatch(a -> a.getKey().equals(operation) && !a.getValue().isBefore(from));
  }

  /** Every call so far, in order of arrival. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Every call from {@code from} on. */
  public synchronized List<Call> callsSince(Instant from) {
    return calls.stream().filter(c -> !c.received().isBefore(from)).toList();
  }

  /** How many calls got {@code fault}, of {@code operation} (null: any). */
  public synchronized long injected(String operation, Fault fault) {
    return calls.stream()
        .filter(c -> c.fault() == fault)
        .filter(c -> operation == null || c.operation().equals(operation))
        .count();
  }

  /** Faults injected per "operation fault", for reports. */
  public synchronized Map<String, Long> injectedByKind() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    calls.stream()
        .filter(c -> c.fault() != null)
        .forEach(c -> counts.merge(c.operation() + " " + c.fault(), 1L, Long::sum));
    return counts;
  }

  public synchronized long injectedTotal() {
    return calls.stream().filter(c -> c.fault() != null).count();
  }

  /** What every backup that passed through here became: see {@link BackupLedger}. */
  public BackupLedger ledger() {
    return BackupLedger.of(calls());
  }

  /** AccessKeyId, SecretAccessKey and SessionToken of every STS answer that passed through. */
  public Set<String> stsSecrets() {
    return Set.copyOf(stsSecrets);
  }

  // ---- the proxy ----

  private void handle(HttpExchange exchange) throws IOException {
    Instant received = Instant.now();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String request = new String(body, StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String service = target != null ? "dynamodb" : "sts";
      String operation =
          target != null ? target.substring(target.indexOf('.') + 1) : stsAction(request);
      if (operation != null) {
        arrived(operation, received);
      }
      Hold hold = operation == null ? null : takeHold(operation);
      if (hold != null) {
        hold.arrive(received);
        hold.awaitRelease();
        record(new Call(name, received, service, operation, hold.answer(), 0, request, ""));
        error(exchange, service, hold.answer());
        return;
      }
      Fault fault = operation == null ? null : pick(operation);
      if (fault != null && !fault.forwards()) {
        record(new Call(name, received, service, operation, fault, 0, request, ""));
        error(exchange, service, fault);
        return;
      }
      if (fault == Fault.SLOW) {
        pause(Duration.ofMillis(1500));
      }
      Duration delay = delayForwarding;
      if (delay != null && operation != null && operation.equals(delayedOperation)) {
        pause(delay);
      }
      HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
      String answer = new String(response.body(), StandardCharsets.UTF_8);
      record(
          new Call(
              name, received, service, operation, fault, response.statusCode(), request, answer));
      answer(exchange, service, fault, response, answer);
    } catch (IOException | RuntimeException e) {
      // a caller that went away; nothing to answer
    }
  }

  private void answer(
      HttpExchange exchange,
      String service,
      Fault fault,
      HttpResponse<byte[]> response,
      String body)
      throws IOException {
    if (fault == Fault.LOST_RESPONSE) {
      exchange.sendResponseHeaders(200, 4096);
      exchange.getResponseBody().write("{\"Backup".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      return;
    }
    if (fault == Fault.SERVER_ERROR_AFTER_FORWARDING) {
      error(exchange, service, Fault.SERVER_ERROR);
      return;
    }
    if (fault == Fault.ANSWER_WITHHELD) {
      pause(WITHHELD);
      return; // the connection just ends
    }
    if (service.equals("sts")) {
      Matcher m = STS_SECRET.matcher(body);
      while (m.find()) {
        stsSecrets.add(m.group(2));
      }
      Duration lifetime = credentialLifetime;
      if (lifetime != null) {
        body =
            STS_EXPIRATION
                .matcher(body)
                .replaceAll("<Expiration>" + Instant.now().plus(lifetime) + "</Expiration>");
      }
    }
    HttpForwarding.copyHeaders(response, exchange);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private synchronized void arrived(String operation, Instant at) {
    arrivals.add(Map.entry(operation, at));
  }

  private synchronized Hold takeHold(String operation) {
    return holds.remove(operation);
  }

  private synchronized void record(Call call) {
    calls.add(call);
  }

  private synchronized Fault pick(String operation) {
    int n = seen.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    Deque<Fault> queued = next.get(operation);
    if (queued != null && !queued.isEmpty()) {
      return queued.poll();
    }
    Map.Entry<Integer, Fault> from = failingFrom.get(operation);
    if (from != null && n > from.getKey()) {
      return from.getValue();
    }
    Rotation rotation = rotations.get(operation);
    if (rotation != null && n % rotation.every() == 0) {
      int i = rotation.faulted().getAndIncrement();
      return rotation.faults().get(i % rotation.faults().size());
    }
    if (rateFaults.isEmpty() || !(rateOperations.isEmpty() || rateOperations.contains(operation))) {
      return null;
    }
    Fault fault = rateFaults.get(ThreadLocalRandom.current().nextInt(rateFaults.size()));
    if (burst > 0) {
      burst--;
      return fault;
    }
    return ThreadLocalRandom.current().nextDouble() < rate ? fault : null;
  }

  private static String stsAction(String form) {
    Matcher m = ACTION.matcher(URLDecoder.decode(form, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
  }

  private static void error(HttpExchange exchange, String service, Fault fault) throws IOException {
    int status = fault == Fault.SERVER_ERROR ? 500 : 400;
    byte[] body;
    if (service.equals("sts")) {
      // the codes and messages STS sends
      String[] error =
          switch (fault) {
            case THROTTLING -> new String[] {"Throttling", "Rate exceeded"};
            case EXPIRED_TOKEN ->
                new String[] {
                  "ExpiredTokenException", "Token expired: current date/time is past the exp claim"
                };
            case LIMIT_EXCEEDED -> new String[] {"LimitExceeded", "Limit exceeded"};
            default -> new String[] {"InternalFailure", "An internal error occurred (injected)"};
          };
      body =
          ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                  + "<Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>"
                  + "<RequestId>fault-proxy</RequestId></ErrorResponse>")
              .formatted(status == 500 ? "Receiver" : "Sender", error[0], error[1])
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
    } else {
      String code =
          switch (fault) {
            case THROTTLING -> "ThrottlingException";
            case LIMIT_EXCEEDED -> "LimitExceededException";
            case EXPIRED_TOKEN -> "ExpiredTokenException";
            default -> "InternalServerError";
          };
      body =
          "{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\",\"message\":\"injected by the test\"}"
              .formatted(code)
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    }
    exchange.getResponseHeaders().set("x-amzn-RequestId", "fault-proxy");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    server.stop(0);
  }

  @Override
  public String toString() {
    return "fault proxy " + name + " at " + endpoint();
  }
}
