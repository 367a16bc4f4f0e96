package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbbackup.operator.testing.MotoDynamoDb.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

/**
 * ExportTableToPointInTime, DescribeExport and ListExports with the rules of the DynamoDB API
 * reference, answered by the {@link ExportFront} instead of moto. See docs/export-harness.md for
 * which rule comes from where and what is simplified.
 */
final class ExportService {

  /** A refusal as DynamoDB answers it: HTTP 400 with this error code and message. */
  static final class Refusal extends RuntimeException {
    final String code;

    Refusal(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** The API reference: a client token is honoured for 8 hours. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

  /** The Developer Guide: an incremental window is 15 minutes to 24 hours. */
  static final Duration SHORTEST_WINDOW = Duration.ofMinutes(15);

  static final Duration LONGEST_WINDOW = Duration.ofHours(24);

  /** ListExports lists the exports of the last 90 days. */
  static final Duration LISTED_FOR = Duration.ofDays(90);

  /** ListExports' largest page (MaxResults 1..25). */
  static final int PAGE = 25;

  private final Clock clock;
  private final ExportFront.Settings settings;
  private final ExportFiles files;
  private final BiFunction<Caller, String, ChangeLog> tables;
  private final Pitr pitr;
  private final List<ExportTask> exports = new ArrayList<>();
  private final Map<String, ExportTask> byToken = new HashMap<>();
  private long seq;

  /** The PITR window of a table as the front sees it. */
  interface Pitr {
    /** The earliest restorable time, or null when PITR is off. */
    Instant earliest(Caller caller, ChangeLog table, String tableName);
  }

  ExportService(
      Clock clock,
      ExportFront.Settings settings,
      ExportFiles files,
      BiFunction<Caller, String, ChangeLog> tables,
      Pitr pitr) {
    this.clock = clock;
    this.settings = settings;
    this.files = files;
    this.tables = tables;
    this.pitr = pitr;
  }

  synchronized ObjectNode start(Caller caller, JsonNode request) {
    completeDue();
    Instant now = clock.instant();
    String tableArn = required(request, "TableArn");
    required(request, "S3Bucket");
    String[] arn = tableArn.split(":", 6);
    if (arn.length != 6 || !arn[5].startsWith("table/")) {
      throw new Refusal("ValidationException", "TableArn " + tableArn + " is not a table ARN");
    }
    String format = request.path("ExportFormat").asText("DYNAMODB_JSON");
    if (format.equals("ION")) {
      throw new Refusal(
          "ValidationException",
          "the test harness's export front writes DYNAMODB_JSON only; ION is not emulated");
    }
    if (!format.equals("DYNAMODB_JSON")) {
      throw new Refusal("ValidationException", "ExportFormat " + format + " is not valid");
    }
    String type = request.path("ExportType").asText("FULL_EXPORT");
    if (!type.equals("FULL_EXPORT") && !type.equals("INCREMENTAL_EXPORT")) {
      throw new Refusal("ValidationException", "ExportType " + type + " is not valid");
    }
    ObjectNode parameters = ((ObjectNode) request).deepCopy();
    parameters.remove("ClientToken");
    String token = request.path("ClientToken").asText(null);
    if (token != null) {
      ExportTask earlier = byToken.get(token);
      if (earlier != null && now.isBefore(earlier.requested.plus(TOKEN_LIFETIME))) {
        if (earlier.parameters.equals(parameters)) {
          return earlier.description();
        }
        throw new Refusal(
            "ExportConflictException",
            "Duplicate request detected: ClientToken "
                + token
                + " was used within 8 hours with other parameters");
      }
    }
    String tableName = arn[5].substring("table/".length());
    ChangeLog table = tables.apply(caller, tableName);
    Instant earliest = pitr.earliest(caller, table, tableName);
    if (earliest == null) {
      throw new Refusal(
          "PointInTimeRecoveryUnavailableException",
          "Point in time recovery is not enabled for table '" + tableName + "'");
    }
    Instant latest = now.minus(settings.restorableLag());
    Instant exportTime = null;
    Instant from = null;
    Instant to = null;
    JsonNode spec = request.get("IncrementalExportSpecification");
    if (type.equals("FULL_EXPORT")) {
      if (spec != null && !spec.isNull()) {
        throw new Refusal(
            "ValidationException",
            "IncrementalExportSpecification is only for ExportType INCREMENTAL_EXPORT");
      }
      exportTime = request.has("ExportTime") ? time(request.get("ExportTime")) : latest;
      inWindow("ExportTime", exportTime, earliest, latest);
    } else {
      if (request.has("ExportTime")) {
        throw new Refusal(
            "ValidationException", "ExportTime is not allowed with ExportType INCREMENTAL_EXPORT");
      }
      if (spec == null || !spec.has("ExportFromTime")) {
        throw new Refusal(
            "ValidationException",
            "IncrementalExportSpecification.ExportFromTime is required for INCREMENTAL_EXPORT");
      }
      from = time(spec.get("ExportFromTime"));
      to = spec.has("ExportToTime") ? time(spec.get("ExportToTime")) : latest;
      inWindow("ExportFromTime", from, earliest, latest);
      inWindow("ExportToTime", to, earliest, latest);
      Duration length = Duration.between(from, to);
      if (length.compareTo(SHORTEST_WINDOW) < 0 || length.compareTo(LONGEST_WINDOW) > 0) {
        throw new Refusal(
            "ValidationException",
            "the incremental export period from "
                + from
                + " to "
                + to
                + " must be at least 15 minutes and at most 24 hours");
      }
    }
    long inFlight =
        exports.stream()
            .filter(e -> e.inProgress() && e.account.equals(arn[4]) && e.region.equals(arn[3]))
            .count();
    if (inFlight >= settings.concurrentExports()) {
      throw new Refusal(
          "LimitExceededException",
          "There are "
              + inFlight
              + " exports in progress; the limit is "
              + settings.concurrentExports());
    }
    String id =
        String.format("%014d-%08x", now.toEpochMilli(), ThreadLocalRandom.current().nextInt());
    ExportTask task =
        new ExportTask(
            ++seq,
            id,
            arn[3],
            arn[4],
            table,
            token,
            parameters,
            now,
            request,
            exportTime,
            from,
            to);
    ExportFiles.Failure failure = files.started(task);
    if (failure != null) {
      task.failureCode = failure.code();
      task.failureMessage = failure.message();
    }
    exports.add(task);
    if (token != null) {
      byToken.put(token, task);
    }
    return task.description();
  }

  synchronized ObjectNode describe(JsonNode request) {
    completeDue();
    String arn = required(request, "ExportArn");
    return exports.stream()
        .filter(e -> e.arn.equals(arn))
        .findFirst()
        .orElseThrow(() -> new Refusal("ExportNotFoundException", "Export not found: " + arn))
        .description();
  }

  synchronized ObjectNode list(Caller caller, JsonNode request) {
    completeDue();
    int max = request.path("MaxResults").asInt(PAGE);
    if (max < 1 || max > PAGE) {
      throw new Refusal("ValidationException", "MaxResults must be from 1 to 25, not " + max);
    }
    String tableArn = request.path("TableArn").asText(null);
    long before = Long.MAX_VALUE;
    if (request.hasNonNull("NextToken")) {
      try {
        before = Long.parseLong(request.get("NextToken").asText());
      } catch (NumberFormatException e) {
        throw new Refusal("ValidationException", "NextToken is not one this service gave");
      }
    }
    long after = before;
    Instant listed = clock.instant().minus(LISTED_FOR);
    List<ExportTask> matching =
        exports.stream()
            .filter(e -> e.region.equals(caller.region()))
            .filter(e -> e.requested.isAfter(listed))
            .filter(e -> tableArn == null || e.table.tableArn().equals(tableArn))
            .filter(e -> e.seq < after)
            .sorted(Comparator.comparingLong((ExportTask e) -> e.seq).reversed())
            .toList();
    ObjectNode answer = MotoDynamoDb.JSON.createObjectNode();
    ArrayNode summaries = answer.putArray("ExportSummaries");
    matching.stream()
        .limit(max)
        .forEach(
            e ->
                summaries
                    .addObject()
                    .put("ExportArn", e.arn)
                    .put("ExportStatus", e.status)
                    .put("ExportType", e.incremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT"));
    if (matching.size() > max) {
      answer.put("NextToken", Long.toString(matching.get(max - 1).seq));
    }
    return answer;
  }

  /** Ends every export whose time in progress is over: its files are written, or it fails. */
  synchronized void completeDue() {
    Instant now = clock.instant();
    for (ExportTask task : exports) {
      if (!task.inProgress() || now.isBefore(task.requested.plus(settings.inProgressFor()))) {
        continue;
      }
      task.endTime = now;
      ExportFiles.Failure failure;
      try {
        failure =
            task.failureCode != null
                ? new ExportFiles.Failure(task.failureCode, task.failureMessage)
                : files.complete(task);
      } catch (RuntimeException e) {
        // S3 answered something the front does not map: the export fails saying so, once
        failure = new ExportFiles.Failure("UNKNOWN", e.toString());
      }
      if (failure == null) {
        task.status = "COMPLETED";
      } else {
        task.status = "FAILED";
        task.failureCode = failure.code();
        task.failureMessage = failure.message();
      }
    }
  }

  synchronized List<ObjectNode> all() {
    return exports.stream().map(ExportTask::description).toList();
  }

  synchronized void forget() {
    exports.clear();
    byToken.clear();
  }

  private static void inWindow(String field, Instant t, Instant earliest, Instant latest) {
    if (t.isBefore(earliest) || t.isAfter(latest)) {
      throw new Refusal(
          "InvalidExportTimeException",
          field
              + " "
              + t
              + " is outside the point in time recovery window ["
              + earliest
              + ", "
              + latest
              + "]");
    }
  }

  private static String required(JsonNode request, String field) {
    JsonNode v = request.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw new Refusal("ValidationException", field + " is required");
    }
    return v.asText();
  }

  /** A JSON-protocol timestamp: epoch seconds, possibly fractional. */
  static Instant time(JsonNode node) {
    return Instant.ofEpochMilli(node.decimalValue().movePointRight(3).longValue());
  }
}
