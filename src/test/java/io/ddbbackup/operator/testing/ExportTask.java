package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** One export the {@link ExportFront} answers for: what was asked, and how far it got. */
final class ExportTask {

  final long seq;
  final String id;
  final String arn;
  final String region;
  final String account;
  final ChangeLog table;
  final String clientToken;
  final JsonNode parameters;
  final Instant requested;
  final String bucket;
  final String bucketOwner;
  final String prefix;
  final String sseAlgorithm;
  final String kmsKeyId;
  final String format;
  final boolean incremental;
  final Instant exportTime;
  final Instant from;
  final Instant to;
  final String viewType;

  // what happened; guarded by the ExportService
  String status = "IN_PROGRESS";
  Instant endTime;
  Long itemCount;
  Long billedSizeBytes;
  String manifest;
  String failureCode;
  String failureMessage;

  ExportTask(
      long seq,
      String id,
      String region,
      String account,
      ChangeLog table,
      String clientToken,
      JsonNode parameters,
      Instant requested,
      JsonNode request,
      Instant exportTime,
      Instant from,
      Instant to) {
    this.seq = seq;
    this.id = id;
    this.region = region;
    this.account = account;
    this.table = table;
    this.arn = table.tableArn() + "/export/" + id;
    this.clientToken = clientToken;
    this.parameters = parameters;
    this.requested = requested;
    this.bucket = request.path("S3Bucket").asText();
    this.bucketOwner = text(request, "S3BucketOwner");
    this.prefix = text(request, "S3Prefix");
    this.sseAlgorithm = text(request, "S3SseAlgorithm");
    this.kmsKeyId = text(request, "S3SseKmsKeyId");
    this.format = request.path("ExportFormat").asText("DYNAMODB_JSON");
    this.incremental =
        request.path("ExportType").asText("FULL_EXPORT").equals("INCREMENTAL_EXPORT");
    this.exportTime = exportTime;
    this.from = from;
    this.to = to;
    this.viewType =
        request
            .path("IncrementalExportSpecification")
            .path("ExportViewType")
            .asText("NEW_AND_OLD_IMAGES");
  }

  /** The account whose bucket the files go to: the named owner, else the table's account. */
  String bucketAccount() {
    return bucketOwner != null ? bucketOwner : account;
  }

  /** {@code <prefix>/AWSDynamoDB/}, or {@code AWSDynamoDB/} without a prefix. */
  String root() {
    return (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + "AWSDynamoDB/";
  }

  boolean inProgress() {
    return status.equals("IN_PROGRESS");
  }

  /** The ExportDescription DescribeExport and ExportTableToPointInTime answer with. */
  ObjectNode description() {
    ObjectNode d = MotoDynamoDb.JSON.createObjectNode();
    d.put("ExportArn", arn);
    d.put("ExportStatus", status);
    d.put("StartTime", epochSeconds(requested));
    if (endTime != null) {
      d.put("EndTime", epochSeconds(endTime));
    }
    if (manifest != null) {
      d.put("ExportManifest", manifest);
    }
    d.put("TableArn", table.tableArn());
    d.put("TableId", table.tableId());
    if (!incremental) {
      d.put("ExportTime", epochSeconds(exportTime));
    }
    d.put("ClientToken", clientToken);
    d.put("S3Bucket", bucket);
    if (bucketOwner != null) {
      d.put("S3BucketOwner", bucketOwner);
    }
    if (prefix != null) {
      d.put("S3Prefix", prefix);
    }
    d.put("S3SseAlgorithm", sseAlgorithm == null ? "AES256" : sseAlgorithm);
    if (kmsKeyId != null) {
      d.put("S3SseKmsKeyId", kmsKeyId);
    }
    if (failureCode != null) {
      d.put("FailureCode", failureCode);
      d.put("FailureMessage", failureMessage);
    }
    d.put("ExportFormat", format);
    if (billedSizeBytes != null) {
      d.put("BilledSizeBytes", billedSizeBytes);
      d.put("ItemCount", itemCount);
    }
    d.put("ExportType", incremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT");
    if (incremental) {
      ObjectNode spec = d.putObject("IncrementalExportSpecification");
      spec.put("ExportFromTime", epochSeconds(from));
      spec.put("ExportToTime", epochSeconds(to));
      spec.put("ExportViewType", viewType);
    }
    return d;
  }

  /** The JSON protocol's timestamp: seconds since the epoch, to the millisecond. */
  static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3);
  }

  private static String text(JsonNode request, String field) {
    JsonNode v = request.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
