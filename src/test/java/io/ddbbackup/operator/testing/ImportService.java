package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.testing.ExportService.Refusal;
import io.ddbbackup.operator.testing.MotoDynamoDb.Caller;
import io.ddbbackup.operator.testing.MotoDynamoDb.MotoError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * ImportTable, DescribeImport and ListImports for the {@link ExportFront}. moto does the import
 * itself (it creates the table and puts the items of every object under the prefix); the front adds
 * what moto lacks: the ClientToken rule, ListImports, the ClientToken, StartTime and EndTime in
 * DescribeImport, a refusal when the table exists, an import that stays IN_PROGRESS (its table
 * CREATING) for the front's time in progress, and empty data files read as no items. See
 * docs/export-harness.md for which rule comes from where.
 */
final class ImportService {

  /** The API reference: a client token is honoured for 8 hours. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

  /** ListImports lists the imports of the last 90 days. */
  static final Duration LISTED_FOR = Duration.ofDays(90);

  /** ListImports' largest page (PageSize 1..25). */
  static final int PAGE = 25;

  /** The API reference's NextToken: 112 to 1024 characters of 16-hex-digit blocks. */
  private static final Pattern NEXT_TOKEN = Pattern.compile("([0-9a-f]{16}){7,64}");

  /** What moto 5.2.6 fails an empty data file with (it parses "" as one bad line). */
  private static final String MOTO_EMPTY_FILE = "object of type 'Variable' has no len()";

  private final Clock clock;
  private final String upstream;
  private final Supplier<Duration> inProgressFor;
  private final List<ImportTask> imports = new ArrayList<>();
  private volatile boolean listInProgress;
  private long seq;

  /** One import that passed the front. */
  private static final class ImportTask {
    long seq;
    String arn;
    String tableArn;
    String tableName;
    String region;
    Caller caller;
    String token;
    JsonNode parameters;
    JsonNode request;
    Instant requested;
    Instant endTime;
    Integer emptyFiles;
  }

  ImportService(Clock clock, String upstream, Supplier<Duration> inProgressFor) {
    this.clock = clock;
    this.upstream = upstream;
    this.inProgressFor = inProgressFor;
  }

  /** Whether ListImports lists imports still in progress (default: only ended ones). */
  void listInProgress(boolean list) {
    this.listInProgress = list;
  }

  synchronized ObjectNode start(Caller caller, JsonNode request) {
    Instant now = clock.instant();
    ObjectNode parameters = ((ObjectNode) request).deepCopy();
    parameters.remove("ClientToken");
    String token = request.path("ClientToken").asText(null);
    if (token != null) {
      ImportTask earlier =
          imports.stream()
              .filter(i -> token.equals(i.token) && i.caller.equals(caller))
              .filter(i -> now.isBefore(i.requested.plus(TOKEN_LIFETIME)))
              .reduce((a, b) -> b)
              .orElse(null);
      if (earlier != null) {
        if (earlier.parameters.equals(parameters)) {
          return describe(earlier);
        }
        throw new Refusal(
            "ImportConflictException",
            "ClientToken "
                + token
                + " was used within 8 hours for an import with other parameters");
      }
    }
    String tableName = request.path("TableCreationParameters").path("TableName").asText("");
    if (tableName.isEmpty() || !request.path("S3BucketSource").has("S3Bucket")) {
      throw new Refusal(
          "ValidationException",
          "TableCreationParameters.TableName and S3BucketSource.S3Bucket are required");
    }
    MotoDynamoDb moto = new MotoDynamoDb(upstream, caller);
    try {
      moto.describeTable(tableName);
      // moto would start the import and fail it in its thread; DynamoDB refuses the call
      throw new Refusal("ResourceInUseException", "Table already exists: " + tableName);
    } catch (MotoError e) {
      if (!e.code().equals("ResourceNotFoundException")) {
        throw e;
      }
    }
    JsonNode started = moto.importTable(request);
    ImportTask task = new ImportTask();
    task.seq = ++seq;
    task.arn = started.path("ImportArn").asText();
    task.tableArn = started.path("TableArn").asText();
    task.tableName = tableName;
    task.region = caller.region();
    task.caller = caller;
    task.token = token;
    task.parameters = parameters;
    task.request = request.deepCopy();
    task.requested = now;
    imports.add(task);
    return describe(task);
  }

  synchronized ObjectNode describe(JsonNode request) {
    String arn = request.path("ImportArn").asText("");
    ImportTask task =
        imports.stream()
            .filter(i -> i.arn.equals(arn))
            .findFirst()
            // moto answers an unknown ARN with HTTP 500 (a KeyError)
            .orElseThrow(() -> new Refusal("ImportNotFoundException", "Import not found: " + arn));
    return describe(task);
  }

  synchronized ObjectNode list(Caller caller, JsonNode request) {
    int max = request.path("PageSize").asInt(PAGE);
    if (max < 1 || max > PAGE) {
      throw new Refusal("ValidationException", "PageSize must be from 1 to 25, not " + max);
    }
    String tableArn = request.path("TableArn").asText(null);
    long before = Long.MAX_VALUE;
    if (request.hasNonNull("NextToken")) {
      String next = request.get("NextToken").asText();
      if (!NEXT_TOKEN.matcher(next).matches()) {
        throw new Refusal("ValidationException", "NextToken is not one ListImports gave");
      }
      before = Long.parseUnsignedLong(next.substring(0, 16), 16);
    }
    long after = before;
    Instant listed = clock.instant().minus(LISTED_FOR);
    List<ObjectNode> matching = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    imports.stream()
        .filter(i -> i.region.equals(caller.region()))
        .filter(i -> i.requested.isAfter(listed))
        .filter(i -> tableArn == null || i.tableArn.equals(tableArn))
        .filter(i -> i.seq < after)
        .sorted(Comparator.comparingLong((ImportTask i) -> i.seq).reversed())
        .forEach(
            i -> {
              ObjectNode d = describe(i);
              if (listInProgress || !d.path("ImportStatus").asText().equals("IN_PROGRESS")) {
                matching.add(d);
                seqs.add(i.seq);
              }
            });
    ObjectNode answer = MotoDynamoDb.JSON.createObjectNode();
    ArrayNode summaries = answer.putArray("ImportSummaryList");
    for (ObjectNode d : matching.subList(0, Math.min(max, matching.size()))) {
      ObjectNode s = summaries.addObject();
      for (String field :
          List.of(
              "ImportArn",
              "ImportStatus",
              "TableArn",
              "S3BucketSource",
              "InputFormat",
              "StartTime",
              "EndTime")) {
        if (d.has(field)) {
          s.set(field, d.get(field));
        }
      }
    }
    if (matching.size() > max) {
      answer.put("NextToken", "%016x".formatted(seqs.get(max - 1)).repeat(7));
    }
    return answer;
  }

  /** The name of a table an import passed here is still filling (CREATING in DynamoDB). */
  synchronized boolean importing(Caller caller, String tableName) {
    Instant now = clock.instant();
    return imports.stream()
        .anyMatch(
            i ->
                i.tableName.equals(tableName)
                    && i.region.equals(caller.region())
                    && i.endTime == null
                    && now.isBefore(i.requested.plus(inProgressFor.get())));
  }

  /** Every import that passed, as DescribeImport describes it now, oldest first. */
  synchronized List<ObjectNode> all() {
    return imports.stream().map(this::describe).toList();
  }

  synchronized void forget() {
    imports.clear();
  }

  /**
   * moto's description with what moto leaves out. Until the front's time in progress is over the
   * import is IN_PROGRESS (moto finishes at once; DynamoDB takes minutes).
   */
  private ObjectNode describe(ImportTask task) {
    ObjectNode d =
        ((ObjectNode) new MotoDynamoDb(upstream, task.caller).describeImport(task.arn)).deepCopy();
    Instant now = clock.instant();
    boolean held = now.isBefore(task.requested.plus(inProgressFor.get()));
    if (held) {
      d.put("ImportStatus", "IN_PROGRESS");
      d.remove(List.of("FailureCode", "FailureMessage"));
      d.put("ImportedItemCount", 0).put("ProcessedItemCount", 0).put("ErrorCount", 0);
    } else {
      readEmptyFilesAsNoItems(task, d);
      if (!d.path("ImportStatus").asText().equals("IN_PROGRESS") && task.endTime == null) {
        task.endTime = now;
      }
    }
    if (task.token != null) {
      d.put("ClientToken", task.token);
    }
    d.put("StartTime", ExportTask.epochSeconds(task.requested));
    if (task.endTime != null) {
      d.put("EndTime", ExportTask.epochSeconds(task.endTime));
    }
    for (String field :
        List.of(
            "S3BucketSource", "InputFormat", "InputCompressionType", "TableCreationParameters")) {
      if (task.request.has(field)) {
        d.set(field, task.request.get(field));
      }
    }
    return d;
  }

  /**
   * moto fails an import with an empty data file (it counts the file as one line in error);
   * DynamoDB reads it as no items, and an export writes empty files (a partition with no items).
   * When every error moto counted is an empty file, the import completed.
   */
  private void readEmptyFilesAsNoItems(ImportTask task, ObjectNode d) {
    if (!d.path("ImportStatus").asText().equals("FAILED")
        || !d.path("FailureMessage").asText().contains(MOTO_EMPTY_FILE)) {
      return;
    }
    if (task.emptyFiles == null) {
      task.emptyFiles = emptyFiles(task);
    }
    int errors = d.path("ErrorCount").asInt();
    if (errors == task.emptyFiles) {
      d.put("ImportStatus", "COMPLETED");
      d.put("ErrorCount", 0);
      d.put("ProcessedItemCount", d.path("ProcessedItemCount").asLong() - errors);
      d.remove(List.of("FailureCode", "FailureMessage"));
    }
  }

  /** The objects under the import's prefix whose content is empty, read as moto reads them. */
  private int emptyFiles(ImportTask task) {
    JsonNode source = task.request.path("S3BucketSource");
    String bucket = source.path("S3Bucket").asText();
    String prefix = source.path("S3KeyPrefix").asText("");
    boolean gzip = task.request.path("InputCompressionType").asText("NONE").equals("GZIP");
    // moto reads the bucket of the importing account: the new table's
    String account = task.tableArn.split(":")[4];
    int empty = 0;
    try (S3Client s3 = MotoS3.as(upstream, task.region, account)) {
      for (S3Object o :
          s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asByteArray();
        if (gzip) {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            bytes = in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
          empty++;
        }
      }
    }
    return empty;
  }
}
