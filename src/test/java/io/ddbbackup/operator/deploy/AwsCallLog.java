package io.ddbbackup.operator.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbbackup.operator.testing.HttpForwarding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hop between the operator's pods and moto: it passes every call through and writes down who
 * made it. An STS AssumeRoleWithWebIdentity call is tied to the Kubernetes identity of the web
 * identity token it presents (asked of the API server, see {@link TokenOwner}) and to the access
 * key STS handed back; a DynamoDB call is tied to the access key that signed it. Together they say
 * which pod made which AWS call, without asking the operator. Tokens are kept only long enough to
 * be reviewed and are never printed.
 */
final class AwsCallLog implements AutoCloseable {

  /** Who a web identity token belongs to, as the API server's TokenReview says. */
  record TokenOwner(boolean authenticated, String username, String podName, List<String> audience) {

    static final TokenOwner NOBODY = new TokenOwner(false, "", "", List.of());
  }

  /** An AssumeRoleWithWebIdentity call: the role asked for, the token's owner, the key issued. */
  record WebIdentityCall(Instant at, String roleArn, TokenOwner owner, String accessKeyId) {}

  /** A DynamoDB call: its operation, the access key that signed it, the backup it names. */
  record DynamoDbCall(Instant at, String operation, String accessKeyId, String backupName) {}

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");
  private static final Pattern ISSUED_KEY = Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>");
  private static final Pattern BACKUP_NAME = Pattern.compile("\"BackupName\"\\s*:\\s*\"([^\"]+)\"");

  private final String upstream;
  private final Function<String, TokenOwner> reviewer;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<WebIdentityCall> webIdentityCalls = new CopyOnWriteArrayList<>();
  private final List<DynamoDbCall> dynamoDbCalls = new CopyOnWriteArrayList<>();

  /**
   * Listens on {@code host} (an address the pods reach), forwards to {@code upstream} (moto), and
   * asks {@code reviewer} whose each web identity token is.
   */
  AwsCallLog(String host, String upstream, Function<String, TokenOwner> reviewer) {
    this.upstream = upstream;
    this.reviewer = reviewer;
    try {
      server = HttpServer.create(new InetSocketAddress(host, 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  List<WebIdentityCall> webIdentityCalls() {
    return List.copyOf(webIdentityCalls);
  }

  List<DynamoDbCall> dynamoDbCalls() {
    return List.copyOf(dynamoDbCalls);
  }

  /** The pod whose web identity token got the access key, if STS issued it through this hop. */
  Optional<String> podOf(String accessKeyId) {
    return webIdentityCalls.stream()
        .filter(c -> accessKeyId.equals(c.accessKeyId()) && c.owner().authenticated())
        .map(c -> c.owner().podName())
        .findFirst();
  }

  /** The pod that called CreateBackup for this backup name, one entry per call. */
  List<String> creatorsOf(String backupName) {
    return dynamoDbCalls.stream()
        .filter(c -> "CreateBackup".equals(c.operation()) && backupName.equals(c.backupName()))
        .map(c -> podOf(c.accessKeyId()).orElse("<a key no web identity call got>"))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Instant at = Instant.now();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      Map<String, String> form = form(exchange, text);
      boolean webIdentity = "AssumeRoleWithWebIdentity".equals(form.get("Action"));
      TokenOwner owner =
          webIdentity ? reviewer.apply(form.getOrDefault("WebIdentityToken", "")) : null;

      HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
      String answer = new String(response.body(), StandardCharsets.UTF_8);

      if (webIdentity) {
        Matcher key = ISSUED_KEY.matcher(answer);
        webIdentityCalls.add(
            new WebIdentityCall(
                at, form.getOrDefault("RoleArn", ""), owner, key.find() ? key.group(1) : ""));
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (target != null && target.startsWith("DynamoDB_")) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher credential = CREDENTIAL.matcher(authorization == null ? "" : authorization);
        Matcher name = BACKUP_NAME.matcher(text);
        dynamoDbCalls.add(
            new DynamoDbCall(
                at,
                target.substring(target.indexOf('.') + 1),
                credential.find() ? credential.group(1) : "",
                name.find() ? name.group(1) : ""));
      }

      HttpForwarding.copyHeaders(response, exchange);
      byte[] bytes = response.body();
      exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** STS speaks the query protocol: a form in the body (or, for GET, in the query string). */
  private static Map<String, String> form(HttpExchange exchange, String body) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    String encoded =
        type != null && type.startsWith("application/x-www-form-urlencoded")
            ? body
            : Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    Map<String, String> values = new HashMap<>();
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
