package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbbackup.operator.testing.MotoDynamoDb.Caller;
import io.ddbbackup.operator.testing.MotoDynamoDb.MotoError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A faithful export side in front of moto, for issue #23's end-to-end tests: moto ignores
 * ExportTime and ClientToken, exports the whole table for any incremental window and writes one
 * data file without manifests (see docs/export-harness.md). The operator's AWS endpoint (and the
 * test's own DynamoDB client) point here; every call is passed to moto unchanged, except:
 *
 * <ul>
 *   <li>item writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) are
 *       recorded in a {@link ChangeLog} per table with the time they passed, on this front's clock,
 *       and the item's image before and after (read from moto around the write);
 *   <li>ExportTableToPointInTime, DescribeExport and ListExports are answered here ({@link
 *       ExportService}) with the API reference's rules, and the export's objects are written into
 *       moto's S3 in DynamoDB's layout ({@link ExportFiles});
 *   <li>ImportTable goes on to moto (which creates the table and reads the objects) with the
 *       ClientToken rule, a refusal of an existing table and DescribeImport's missing fields added
 *       here ({@link ImportService}); ListImports is answered from the front's own record;
 *   <li>the PITR window this front enforces is the one DescribeContinuousBackups reports through
 *       it: earliest = when PITR was turned on through the front (else moto's time), no earlier
 *       than the recovery period; latest = now minus {@link #restorableLag}.
 * </ul>
 *
 * Writes that reach moto another way are not in the log: the test writes through the front too.
 */
public final class ExportFront implements AutoCloseable {

  /** What a test may tune; read at each use. */
  static final class Settings {
    private volatile Duration inProgressFor = Duration.ofSeconds(3);
    private volatile Duration restorableLag = Duration.ofMinutes(5);
    private volatile int concurrentExports = 300;

    Duration inProgressFor() {
      return inProgressFor;
    }

    Duration restorableLag() {
      return restorableLag;
    }

    int concurrentExports() {
      return concurrentExports;
    }
  }

  private static final Set<String> WRITES =
      Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

  private final String upstream;
  private final Clock clock;
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Settings settings = new Settings();
  private final Set<String> deniedBuckets = ConcurrentHashMap.newKeySet();
  private final ExportFiles files;
  private final ExportService exports;
  private final ImportService imports;
  private final Map<String, ChangeLog> logs = new ConcurrentHashMap<>();
  private final Map<String, Instant> pitrSince = new ConcurrentHashMap<>();
  private final Object writes = new Object();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "export-front-ticker");
            t.setDaemon(true);
            return t;
          });

  /** A front on the wall clock. */
  public ExportFront(String motoEndpoint) {
    this(motoEndpoint, Clock.systemUTC());
  }

  /** A front whose change times, PITR window and export progress follow {@code clock}. */
  public ExportFront(String motoEndpoint, Clock clock) {
    this.upstream = motoEndpoint;
    this.clock = clock;
    this.files = new ExportFiles(motoEndpoint, 3, deniedBuckets);
    this.exports = new ExportService(clock, settings, files, this::table, this::earliest);
    this.imports = new ImportService(clock, motoEndpoint, settings::inProgressFor);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
    ticker.scheduleWithFixedDelay(this::completeDue, 100, 100, TimeUnit.MILLISECONDS);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  // ---- what a test tunes ----

  /**
   * How long an export or an import stays IN_PROGRESS on this front's clock (default 3 s); an
   * import's table is CREATING meanwhile.
   */
  public ExportFront inProgressFor(Duration d) {
    settings.inProgressFor = d;
    return this;
  }

  /**
   * How far the latest restorable time lags now (default 5 minutes, as DynamoDB reports): an
   * ExportTime or ExportToTime later than now minus this is refused.
   */
  public ExportFront restorableLag(Duration d) {
    settings.restorableLag = d;
    return this;
  }

  /** Exports in progress at once per account and region (default 300, the service quota). */
  public ExportFront concurrentExports(int n) {
    settings.concurrentExports = n;
    return this;
  }

  /** The bucket's policy refuses the exports' writes: they fail with S3AccessDenied. */
  public ExportFront denyBucket(String bucket) {
    deniedBuckets.add(bucket);
    return this;
  }

  /**
   * Whether ListImports lists imports still IN_PROGRESS. Off by default: the API reference says
   * ListImports "lists completed imports".
   */
  public ExportFront listImportsInProgress(boolean list) {
    imports.listInProgress(list);
    return this;
  }

  /** PITR of the table counts as on since {@code since} (the window's earliest end). */
  public ExportFront pitrSince(String tableArn, Instant since) {
    pitrSince.put(tableArn, since);
    return this;
  }

  // ---- what happened ----

  /** The writes recorded for the table, or null when none passed and no export asked. */
  public ChangeLog changeLog(String tableArn) {
    return logs.get(tableArn);
  }

  /** Every export started here, as DescribeExport describes it, oldest first. */
  public List<ObjectNode> exports() {
    return exports.all();
  }

  /** Every import passed to moto here, as DescribeImport describes it now, oldest first. */
  public List<ObjectNode> imports() {
    return imports.all();
  }

  /** Forgets change logs, exports, imports, PITR times and denied buckets (after a moto reset). */
  public void forget() {
    synchronized (writes) {
      logs.clear();
      pitrSince.clear();
      deniedBuckets.clear();
      exports.forget();
      imports.forget();
    }
  }

  // ---- the front ----

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? null : target.substring(target.indexOf('.') + 1);
      Caller caller = Caller.of(exchange.getRequestHeaders().getFirst("Authorization"));
      if (operation == null || caller == null) {
        relay(exchange, HttpForwarding.send(http, upstream, exchange, body), null);
        return;
      }
      JsonNode request = MotoDynamoDb.JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
      try {
        switch (operation) {
          case "ExportTableToPointInTime" ->
              answer(exchange, wrap("ExportDescription", exports.start(caller, request)));
          case "DescribeExport" ->
              answer(exchange, wrap("ExportDescription", exports.describe(request)));
          case "ListExports" -> answer(exchange, exports.list(caller, request));
          case "ImportTable" ->
              answer(exchange, wrap("ImportTableDescription", imports.start(caller, request)));
          case "DescribeImport" ->
              answer(exchange, wrap("ImportTableDescription", imports.describe(request)));
          case "ListImports" -> answer(exchange, imports.list(caller, request));
          case "DescribeTable" -> describeTable(exchange, caller, request, body);
          case "UpdateContinuousBackups" ->
              updateContinuousBackups(exchange, caller, request, body);
          case "DescribeContinuousBackups" -> describeContinuousBackups(exchange, caller, body);
          default -> {
            if (WRITES.contains(operation)) {
              write(exchange, caller, operation, request, body);
            } else {
              relay(exchange, HttpForwarding.send(http, upstream, exchange, body), null);
            }
          }
        }
      } catch (ExportService.Refusal r) {
        error(exchange, r.code, r.getMessage());
      } catch (MotoError e) {
        error(exchange, e.code(), e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      // a caller that went away, or moto not answering; nothing more to answer
    }
  }

  /** A write: images read before and after it, recorded when moto did it. */
  private void write(
      HttpExchange exchange, Caller caller, String operation, JsonNode request, byte[] body)
      throws IOException {
    synchronized (writes) {
      MotoDynamoDb moto = new MotoDynamoDb(upstream, caller);
      List<Target> targets = new ArrayList<>();
      try {
        targets(caller, operation, request, targets);
      } catch (RuntimeException e) {
        targets.clear(); // no such table, or no key in the item: moto refuses the write itself
      }
      List<ObjectNode> before = new ArrayList<>();
      for (Target t : targets) {
        before.add(moto.getItem(t.tableName(), t.keys()));
      }
      HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
      if (response.statusCode() == 200) {
        Instant at = clock.instant();
        for (int i = 0; i < targets.size(); i++) {
          Target t = targets.get(i);
          t.log().record(at, t.keys(), before.get(i), moto.getItem(t.tableName(), t.keys()));
        }
      }
      relay(exchange, response, null);
    }
  }

  private record Target(ChangeLog log, String tableName, ObjectNode keys) {}

  private void targets(Caller caller, String operation, JsonNode request, List<Target> out) {
    switch (operation) {
      case "PutItem" ->
          out.add(target(caller, request.path("TableName").asText(), request.get("Item")));
      case "UpdateItem", "DeleteItem" ->
          out.add(target(caller, request.path("TableName").asText(), request.get("Key")));
      case "BatchWriteItem" ->
          request
              .path("RequestItems")
              .fields()
              .forEachRemaining(
                  table ->
                      table
                          .getValue()
                          .forEach(
                              r ->
                                  out.add(
                                      target(
                                          caller,
                                          table.getKey(),
                                          r.has("PutRequest")
                                              ? r.path("PutRequest").get("Item")
                                              : r.path("DeleteRequest").get("Key")))));
      case "TransactWriteItems" ->
          request
              .path("TransactItems")
              .forEach(
                  item -> {
                    if (item.has("Put")) {
                      JsonNode put = item.get("Put");
                      out.add(target(caller, put.path("TableName").asText(), put.get("Item")));
                    }
                    for (String kind : List.of("Update", "Delete")) {
                      if (item.has(kind)) {
                        JsonNode w = item.get(kind);
                        out.add(target(caller, w.path("TableName").asText(), w.get("Key")));
                      }
                    }
                  });
      default -> throw new IllegalArgumentException(operation);
    }
  }

  private Target target(Caller caller, String tableNameOrArn, JsonNode itemOrKey) {
    String name = tableName(tableNameOrArn);
    ChangeLog log = table(caller, name);
    return new Target(log, name, log.keys(itemOrKey));
  }

  /**
   * The change log of the table, begun with a scan of its items when the front first meets it (or
   * meets it again after it was deleted and created anew).
   */
  private ChangeLog table(Caller caller, String tableName) {
    MotoDynamoDb moto = new MotoDynamoDb(upstream, caller);
    JsonNode table;
    try {
      table = moto.describeTable(tableName);
    } catch (MotoError e) {
      if (e.code().equals("ResourceNotFoundException")) {
        throw new ExportService.Refusal("TableNotFoundException", "Table not found: " + tableName);
      }
      throw e;
    }
    String arn = table.path("TableArn").asText();
    String created = table.path("CreationDateTime").asText();
    synchronized (logs) {
      ChangeLog known = logs.get(arn);
      if (known != null && known.createdAt().equals(created)) {
        return known;
      }
      List<String> keyNames = new ArrayList<>();
      List<JsonNode> schema = new ArrayList<>();
      table.path("KeySchema").forEach(schema::add);
      schema.sort(Comparator.comparing(k -> k.path("KeyType").asText().equals("HASH") ? 0 : 1));
      schema.forEach(k -> keyNames.add(k.path("AttributeName").asText()));
      ChangeLog log = new ChangeLog(arn, keyNames, created, clock.instant(), moto.scan(tableName));
      logs.put(arn, log);
      return log;
    }
  }

  /** The earliest restorable time of the table as this front enforces it, or null: PITR off. */
  private Instant earliest(Caller caller, ChangeLog table, String tableName) {
    JsonNode pitr =
        new MotoDynamoDb(upstream, caller)
            .describeContinuousBackups(tableName)
            .path("PointInTimeRecoveryDescription");
    if (!pitr.path("PointInTimeRecoveryStatus").asText().equals("ENABLED")) {
      return null;
    }
    Instant since = pitrSince.get(table.tableArn());
    if (since == null) {
      since = ExportService.time(pitr.path("EarliestRestorableDateTime"));
    }
    Instant oldest =
        clock.instant().minus(Duration.ofDays(pitr.path("RecoveryPeriodInDays").asInt(35)));
    return since.isBefore(oldest) ? oldest : since;
  }

  private void updateContinuousBackups(
      HttpExchange exchange, Caller caller, JsonNode request, byte[] body) throws IOException {
    String name = tableName(request.path("TableName").asText());
    MotoDynamoDb moto = new MotoDynamoDb(upstream, caller);
    boolean wasOn;
    String arn;
    try {
      arn = moto.describeTable(name).path("TableArn").asText();
      wasOn =
          moto.describeContinuousBackups(name)
              .path("PointInTimeRecoveryDescription")
              .path("PointInTimeRecoveryStatus")
              .asText()
              .equals("ENABLED");
    } catch (MotoError e) {
      relay(exchange, HttpForwarding.send(http, upstream, exchange, body), null);
      return;
    }
    HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
    if (response.statusCode() == 200) {
      boolean on =
          request
              .path("PointInTimeRecoverySpecification")
              .path("PointInTimeRecoveryEnabled")
              .asBoolean();
      if (!on) {
        pitrSince.remove(arn);
      } else if (!wasOn) {
        pitrSince.put(arn, clock.instant());
      }
    }
    relay(exchange, response, null);
  }

  /** moto's answer, CREATING while an import into the table is in progress here. */
  private void describeTable(HttpExchange exchange, Caller caller, JsonNode request, byte[] body)
      throws IOException {
    HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
    String name = tableName(request.path("TableName").asText());
    if (response.statusCode() != 200 || !imports.importing(caller, name)) {
      relay(exchange, response, null);
      return;
    }
    JsonNode answer = MotoDynamoDb.JSON.readTree(response.body());
    ((ObjectNode) answer.path("Table")).put("TableStatus", "CREATING");
    relay(exchange, response, answer.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** moto's answer with the window this front enforces in place of moto's frozen times. */
  private void describeContinuousBackups(HttpExchange exchange, Caller caller, byte[] body)
      throws IOException {
    HttpResponse<byte[]> response = HttpForwarding.send(http, upstream, exchange, body);
    if (response.statusCode() != 200) {
      relay(exchange, response, null);
      return;
    }
    JsonNode answer = MotoDynamoDb.JSON.readTree(response.body());
    JsonNode request = MotoDynamoDb.JSON.readTree(body);
    JsonNode pitr =
        answer.path("ContinuousBackupsDescription").path("PointInTimeRecoveryDescription");
    if (pitr.path("PointInTimeRecoveryStatus").asText().equals("ENABLED")) {
      String name = tableName(request.path("TableName").asText());
      ChangeLog table = table(caller, name);
      Instant earliest = earliest(caller, table, name);
      ((ObjectNode) pitr).put("EarliestRestorableDateTime", ExportTask.epochSeconds(earliest));
      ((ObjectNode) pitr)
          .put(
              "LatestRestorableDateTime",
              ExportTask.epochSeconds(clock.instant().minus(settings.restorableLag)));
    }
    relay(exchange, response, answer.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void completeDue() {
    try {
      exports.completeDue();
    } catch (RuntimeException e) {
      // moto away (the test is closing); the next tick tries again
    }
  }

  private static String tableName(String nameOrArn) {
    return nameOrArn.startsWith("arn:")
        ? nameOrArn.substring(nameOrArn.indexOf(":table/") + ":table/".length())
        : nameOrArn;
  }

  private static ObjectNode wrap(String field, ObjectNode value) {
    ObjectNode answer = MotoDynamoDb.JSON.createObjectNode();
    answer.set(field, value);
    return answer;
  }

  private static void answer(HttpExchange exchange, ObjectNode answer) throws IOException {
    send(exchange, 200, answer.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** moto's answer passed back, with {@code replaced} as its body when not null. */
  private static void relay(HttpExchange exchange, HttpResponse<byte[]> response, byte[] replaced)
      throws IOException {
    HttpForwarding.copyHeaders(response, exchange);
    byte[] bytes = replaced != null ? replaced : response.body();
    if (replaced != null) {
      exchange.getResponseHeaders().set("x-amz-crc32", crc32(bytes));
    }
    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void error(HttpExchange exchange, String code, String message) throws IOException {
    ObjectNode error = MotoDynamoDb.JSON.createObjectNode();
    error.put("__type", "com.amazonaws.dynamodb.v20120810#" + code);
    error.put("message", message);
    send(exchange, 400, error.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "export-front");
    // the SDK checks DynamoDB answers against this header
    exchange.getResponseHeaders().set("x-amz-crc32", crc32(bytes));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return Long.toString(crc.getValue());
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    server.stop(0);
    files.close();
  }

  @Override
  public String toString() {
    return "export front at " + endpoint() + " before " + upstream;
  }
}
