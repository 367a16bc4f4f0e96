package io.ddbbackup.operator.aws;

import io.ddbbackup.operator.backup.BackupStore.Operation;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportKind;
import io.ddbbackup.operator.export.ExportRequest;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.ExportWindow;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.dynamodb.model.ListExportsResponse;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;

/** The real {@link ExportStore}: DynamoDB's export calls through the AWS SDK v2. */
final class DynamoDbExportStore implements ExportStore {

  /** ListExports' largest page. */
  private static final int PAGE_SIZE = 25;

  private final DynamoDbClients clients;
  private final AutoCloseable owned;

  DynamoDbExportStore(DynamoDbClients clients, AutoCloseable owned) {
    this.clients = clients;
    this.owned = owned;
  }

  @Override
  public Export start(TableTarget target, ExportRequest request) {
    // The retrying client is safe here, unlike for CreateBackup: the client token makes a repeated
    // call answer with the export the first one started (for 8 hours).
    ExportTableToPointInTimeRequest.Builder b =
        ExportTableToPointInTimeRequest.builder()
            .tableArn(request.tableArn())
            .clientToken(request.clientToken())
            .s3Bucket(request.destination().bucket())
            .s3BucketOwner(request.destination().bucketOwner())
            .s3Prefix(request.destination().prefix())
            .s3SseAlgorithm(S3SseAlgorithm.fromValue(request.destination().sse().name()))
            .s3SseKmsKeyId(request.destination().kmsKeyId())
            .exportFormat(ExportFormat.fromValue(request.destination().format().name()));
    ExportWindow window = request.window();
    if (window.kind() == ExportKind.FULL) {
      b.exportType(ExportType.FULL_EXPORT).exportTime(window.to());
    } else {
      b.exportType(ExportType.INCREMENTAL_EXPORT)
          .incrementalExportSpecification(
              s ->
                  s.exportFromTime(window.from())
                      .exportToTime(window.to())
                      .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES));
    }
    ExportTableToPointInTimeRequest built = b.build();
    return export(
        call(
                Operation.EXPORT,
                target,
                clients.forTarget(target),
                c -> c.exportTableToPointInTime(built))
            .exportDescription());
  }

  @Override
  public Export describe(TableTarget target, String exportArn) {
    return export(
        call(
                Operation.DESCRIBE_EXPORT,
                target,
                clients.forTarget(target),
                c -> c.describeExport(r -> r.exportArn(exportArn)))
            .exportDescription());
  }

  @Override
  public Page listPage(TableTarget target, String tableArn, String nextToken) {
    ListExportsResponse page =
        call(
            Operation.LIST_EXPORTS,
            target,
            clients.forTarget(target),
            c ->
                c.listExports(
                    r -> r.tableArn(tableArn).maxResults(PAGE_SIZE).nextToken(nextToken)));
    return new Page(
        page.exportSummaries().stream().map(DynamoDbExportStore::summary).toList(),
        page.nextToken());
  }

  static Export export(ExportDescription d) {
    return new Export(
        d.exportArn(),
        state(d.exportStatusAsString()),
        window(d),
        d.clientToken(),
        d.itemCount(),
        d.billedSizeBytes(),
        d.exportManifest(),
        d.failureCode(),
        d.failureMessage() == null ? null : AwsFailures.scrub(d.failureMessage()),
        d.startTime(),
        d.endTime());
  }

  private static Export summary(ExportSummary s) {
    return new Export(
        s.exportArn(),
        state(s.exportStatusAsString()),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The window an answer describes, or null when it does not say (moto leaves the times out). */
  private static ExportWindow window(ExportDescription d) {
    if (ExportType.INCREMENTAL_EXPORT.equals(d.exportType())) {
      var spec = d.incrementalExportSpecification();
      if (spec == null || spec.exportFromTime() == null || spec.exportToTime() == null) {
        return null;
      }
      return ExportWindow.incremental(spec.exportFromTime(), spec.exportToTime());
    }
    return d.exportTime() == null ? null : ExportWindow.full(d.exportTime());
  }

  private static Export.State state(String status) {
    if (status == null) {
      return Export.State.IN_PROGRESS;
    }
    return switch (status) {
      case "COMPLETED" -> Export.State.COMPLETED;
      case "FAILED" -> Export.State.FAILED;
      default -> Export.State.IN_PROGRESS;
    };
  }

  private <T> T call(
      Operation op,
      TableTarget target,
      DynamoDbClient client,
      Function<DynamoDbClient, T> request) {
    return AwsFailures.call(op, clients.where(target), client, request);
  }

  @Override
  public void close() {
    DynamoDb.closeQuietly(owned);
  }
}
