package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.Export;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRequest;
import io.ddbbackup.operator.export.ExportStore;
import io.ddbbackup.operator.export.ExportWindow;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The export adapter against DynamoDB's wire protocol, as the API reference describes it. */
class DynamoDbExportStoreTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TableTarget ORDERS = new TableTarget("orders", null, null);
  private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final String EXPORT_ARN = TABLE_ARN + "/export/01772334000000-a1b2c3d4";
  private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");
  private static final ExportDestination OFFSITE =
      new ExportDestination(
          "offsite-backups",
          "444455556666",
          "shop/orders",
          ExportDestination.Sse.KMS,
          "arn:aws:kms:eu-west-1:444455556666:key/1234abcd",
          ExportDestination.Format.DYNAMODB_JSON);

  private final SystemProperties properties = new SystemProperties();
  private ExportStore store;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    properties.set("aws.endpointUrlDynamoDb", wm.baseUrl()).set("aws.endpointUrlSts", wm.baseUrl());
    store = DynamoDb.connect(AwsWire.fastSettings(), AwsWire.staticKeys()).exports();
  }

  @AfterEach
  void close() {
    store.close();
    properties.close();
  }

  @Test
  void aFullExportIsTheTableAtItsSlotWithTheTokenAndTheDestination() {
    wm.stubFor(AwsWire.dynamoDb("ExportTableToPointInTime").willReturn(AwsWire.json(inProgress())));

    Export export =
        store.start(ORDERS, new ExportRequest(TABLE_ARN, ExportWindow.full(T0), "tok-1", OFFSITE));

    assertThat(export.arn()).isEqualTo(EXPORT_ARN);
    assertThat(export.state()).isEqualTo(Export.State.IN_PROGRESS);
    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                equalToJson(
                    """
                    {"TableArn":"%s","ClientToken":"tok-1","ExportType":"FULL_EXPORT",
                     "ExportTime":%d,"S3Bucket":"offsite-backups","S3BucketOwner":"444455556666",
                     "S3Prefix":"shop/orders","S3SseAlgorithm":"KMS",
                     "S3SseKmsKeyId":"arn:aws:kms:eu-west-1:444455556666:key/1234abcd",
                     "ExportFormat":"DYNAMODB_JSON"}"""
                        .formatted(TABLE_ARN, T0.getEpochSecond()))));
  }

  @Test
  void anIncrementalExportCarriesItsWindowWithBothImages() {
    wm.stubFor(AwsWire.dynamoDb("ExportTableToPointInTime").willReturn(AwsWire.json(inProgress())));
    Instant to = T0.plusSeconds(900);

    store.start(
        ORDERS, new ExportRequest(TABLE_ARN, ExportWindow.incremental(T0, to), "tok-2", OFFSITE));

    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                equalToJson(
                    """
                    {"ExportType":"INCREMENTAL_EXPORT",
                     "IncrementalExportSpecification":{"ExportFromTime":%d,"ExportToTime":%d,
                       "ExportViewType":"NEW_AND_OLD_IMAGES"}}"""
                        .formatted(T0.getEpochSecond(), to.getEpochSecond()),
                    false,
                    true)));
  }

  @Test
  void aServerErrorIsRetriedWithTheSameTokenSoDynamoDbAnswersWithOneExport() {
    wm.stubFor(
        AwsWire.dynamoDb("ExportTableToPointInTime")
            .inScenario("5xx")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("recovered")
            .willReturn(AwsWire.dynamoDbError(500, "InternalServerError", "oops")));
    wm.stubFor(
        AwsWire.dynamoDb("ExportTableToPointInTime")
            .inScenario("5xx")
            .whenScenarioStateIs("recovered")
            .willReturn(AwsWire.json(inProgress())));

    Export export =
        store.start(ORDERS, new ExportRequest(TABLE_ARN, ExportWindow.full(T0), "tok-3", OFFSITE));

    assertThat(export.arn()).isEqualTo(EXPORT_ARN);
    wm.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(matchingJsonPath("$.ClientToken", equalTo("tok-3"))));
  }

  @Test
  void aCompletedIncrementalExportIsDescribedWithItsWindowCountsAndManifest() {
    wm.stubFor(
        AwsWire.dynamoDb("DescribeExport")
            .willReturn(
                AwsWire.json(
                    """
                    {"ExportDescription":{"ExportArn":"%s","ExportStatus":"COMPLETED",
                     "ExportType":"INCREMENTAL_EXPORT","ClientToken":"tok-2",
                     "IncrementalExportSpecification":{"ExportFromTime":%d,"ExportToTime":%d,
                       "ExportViewType":"NEW_AND_OLD_IMAGES"},
                     "ItemCount":42,"BilledSizeBytes":12345,
                     "ExportManifest":"shop/orders/AWSDynamoDB/01772334000000-a1b2c3d4/manifest-summary.json",
                     "StartTime":%d,"EndTime":%d}}"""
                        .formatted(
                            EXPORT_ARN,
                            T0.getEpochSecond(),
                            T0.getEpochSecond() + 900,
                            T0.getEpochSecond() + 960,
                            T0.getEpochSecond() + 1300))));

    Export export = store.describe(ORDERS, EXPORT_ARN);

    assertThat(export.state()).isEqualTo(Export.State.COMPLETED);
    assertThat(export.window()).isEqualTo(ExportWindow.incremental(T0, T0.plusSeconds(900)));
    assertThat(export.clientToken()).isEqualTo("tok-2");
    assertThat(export.itemCount()).isEqualTo(42);
    assertThat(export.billedBytes()).isEqualTo(12345);
    assertThat(export.manifest()).endsWith("/manifest-summary.json");
    assertThat(export.endTime()).isEqualTo(T0.plusSeconds(1300));
  }

  @Test
  void aFailedExportKeepsDynamoDbsCodeAndMessage() {
    wm.stubFor(
        AwsWire.dynamoDb("DescribeExport")
            .willReturn(
                AwsWire.json(
                    """
                    {"ExportDescription":{"ExportArn":"%s","ExportStatus":"FAILED",
                     "ExportType":"FULL_EXPORT","ExportTime":%d,
                     "FailureCode":"S3NoSuchBucket","FailureMessage":"The bucket does not exist"}}"""
                        .formatted(EXPORT_ARN, T0.getEpochSecond()))));

    Export export = store.describe(ORDERS, EXPORT_ARN);

    assertThat(export.state()).isEqualTo(Export.State.FAILED);
    assertThat(export.window()).isEqualTo(ExportWindow.full(T0));
    assertThat(export.failureCode()).isEqualTo("S3NoSuchBucket");
    assertThat(export.failureMessage()).isEqualTo("The bucket does not exist");
  }

  @Test
  void listExportsReadsOnePageOfTheTableAndHandsOnTheNextToken() {
    wm.stubFor(
        AwsWire.dynamoDb("ListExports")
            .willReturn(
                AwsWire.json(
                    """
                    {"ExportSummaries":[{"ExportArn":"%s","ExportStatus":"COMPLETED",
                      "ExportType":"FULL_EXPORT"}],"NextToken":"page-2"}"""
                        .formatted(EXPORT_ARN))));

    ExportStore.Page page = store.listPage(ORDERS, TABLE_ARN, null);

    assertThat(page.exports()).extracting(Export::arn).containsExactly(EXPORT_ARN);
    assertThat(page.exports().get(0).state()).isEqualTo(Export.State.COMPLETED);
    assertThat(page.nextToken()).isEqualTo("page-2");
    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(matchingJsonPath("$.TableArn", equalTo(TABLE_ARN)))
            .withRequestBody(matchingJsonPath("$.MaxResults", equalTo("25"))));
  }

  static Stream<Arguments> exportErrors() {
    return Stream.of(
        Arguments.of("InvalidExportTimeException", Failure.INVALID_EXPORT_TIME),
        Arguments.of("ExportConflictException", Failure.EXPORT_CONFLICT),
        Arguments.of(
            "PointInTimeRecoveryUnavailableException", Failure.POINT_IN_TIME_RECOVERY_UNAVAILABLE),
        Arguments.of("LimitExceededException", Failure.LIMIT_EXCEEDED),
        Arguments.of("TableNotFoundException", Failure.TABLE_NOT_FOUND));
  }

  @ParameterizedTest(name = "{0} means {1}")
  @MethodSource("exportErrors")
  void eachExportErrorCodeMapsToItsFailure(String code, Failure expected) {
    wm.stubFor(
        AwsWire.dynamoDb("ExportTableToPointInTime")
            .willReturn(AwsWire.dynamoDbError(400, code, "details for " + code)));

    assertThatThrownBy(
            () ->
                store.start(
                    ORDERS, new ExportRequest(TABLE_ARN, ExportWindow.full(T0), "t", OFFSITE)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(expected);
              assertThat(e.getMessage()).contains("ExportTableToPointInTime failed: " + code);
            });
  }

  @Test
  void anUnknownExportIsNotFound() {
    wm.stubFor(
        AwsWire.dynamoDb("DescribeExport")
            .willReturn(AwsWire.dynamoDbError(400, "ExportNotFoundException", "no such export")));

    assertThatThrownBy(() -> store.describe(ORDERS, EXPORT_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.EXPORT_NOT_FOUND));
  }

  private static String inProgress() {
    return """
        {"ExportDescription":{"ExportArn":"%s","ExportStatus":"IN_PROGRESS",
         "ExportType":"FULL_EXPORT"}}"""
        .formatted(EXPORT_ARN);
  }
}
