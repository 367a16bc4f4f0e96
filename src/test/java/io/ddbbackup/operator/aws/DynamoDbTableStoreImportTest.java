package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.restore.ImportRequest;
import io.ddbbackup.operator.restore.RestoreRequest;
import io.ddbbackup.operator.restore.TableImport;
import io.ddbbackup.operator.restore.TableStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ImportTable, DescribeImport and ListImports against DynamoDB's wire protocol. */
class DynamoDbTableStoreImportTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TableTarget TARGET = new TableTarget("orders-restored", null, null);
  private static final String TABLE_ARN =
      "arn:aws:dynamodb:eu-west-1:111122223333:table/orders-restored";
  private static final String IMPORT_ARN = TABLE_ARN + "/import/01772334000000-a1b2c3d4";
  private static final String DATA = "shop/orders/AWSDynamoDB/01772334000000-0badcafe/data/";
  private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");

  /** A provisioned table with a GSI of its own capacity, as the export's record keeps it. */
  private static final TableShape PROVISIONED =
      new TableShape(
          "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
          "orders",
          List.of(
              new TableShape.KeyElement("pk", "HASH"), new TableShape.KeyElement("sk", "RANGE")),
          List.of(
              new TableShape.AttributeDefinition("pk", "S"),
              new TableShape.AttributeDefinition("sk", "N"),
              new TableShape.AttributeDefinition("customer", "S")),
          List.of(
              new TableShape.Index(
                  "by-customer",
                  List.of(new TableShape.KeyElement("customer", "HASH")),
                  "INCLUDE",
                  List.of("total"),
                  new TableShape.Throughput(3, 4))),
          List.of(),
          "PROVISIONED",
          new TableShape.Throughput(5, 6),
          "NEW_AND_OLD_IMAGES",
          "expiresAt");

  private final SystemProperties properties = new SystemProperties();
  private TableStore store;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    properties.set("aws.endpointUrlDynamoDb", wm.baseUrl()).set("aws.endpointUrlSts", wm.baseUrl());
    store = DynamoDb.connect(AwsWire.fastSettings(), AwsWire.staticKeys()).tables();
  }

  @AfterEach
  void close() {
    store.close();
    properties.close();
  }

  @Test
  void anImportReadsTheExportsGzipDataIntoANewTableOfTheRecordedShape() {
    wm.stubFor(AwsWire.dynamoDb("ImportTable").willReturn(AwsWire.json(inProgress("tok-1"))));

    TableImport started =
        store.importTable(
            TARGET,
            new ImportRequest(
                "tok-1",
                "orders-restored",
                "offsite-backups",
                "444455556666",
                DATA,
                PROVISIONED,
                RestoreRequest.Overrides.NONE));

    assertThat(started.importArn()).isEqualTo(IMPORT_ARN);
    assertThat(started.status()).isEqualTo("IN_PROGRESS");
    assertThat(started.clientToken()).isEqualTo("tok-1");
    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                equalToJson(
                    """
                    {"ClientToken":"tok-1",
                     "S3BucketSource":{"S3Bucket":"offsite-backups","S3BucketOwner":"444455556666",
                       "S3KeyPrefix":"%s"},
                     "InputFormat":"DYNAMODB_JSON","InputCompressionType":"GZIP",
                     "TableCreationParameters":{"TableName":"orders-restored",
                       "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
                                    {"AttributeName":"sk","KeyType":"RANGE"}],
                       "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                                               {"AttributeName":"sk","AttributeType":"N"},
                                               {"AttributeName":"customer","AttributeType":"S"}],
                       "BillingMode":"PROVISIONED",
                       "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6},
                       "GlobalSecondaryIndexes":[{"IndexName":"by-customer",
                         "KeySchema":[{"AttributeName":"customer","KeyType":"HASH"}],
                         "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total"]},
                         "ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}}]}}"""
                        .formatted(DATA))));
  }

  @Test
  void overridesGiveTheNewTableOnDemandBillingAndItsEncryption() {
    wm.stubFor(AwsWire.dynamoDb("ImportTable").willReturn(AwsWire.json(inProgress("tok-2"))));

    store.importTable(
        TARGET,
        new ImportRequest(
            "tok-2",
            "orders-restored",
            "offsite-backups",
            null,
            DATA,
            PROVISIONED,
            new RestoreRequest.Overrides(
                "PAY_PER_REQUEST", null, null, true, "KMS", "alias/restores", null, null)));

    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                equalToJson(
                    """
                    {"S3BucketSource":{"S3Bucket":"offsite-backups","S3KeyPrefix":"%s"},
                     "TableCreationParameters":{"BillingMode":"PAY_PER_REQUEST",
                       "GlobalSecondaryIndexes":[{"IndexName":"by-customer",
                         "KeySchema":[{"AttributeName":"customer","KeyType":"HASH"}],
                         "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total"]}}],
                       "SSESpecification":{"Enabled":true,"SSEType":"KMS",
                         "KMSMasterKeyId":"alias/restores"}}}"""
                        .formatted(DATA),
                    false,
                    true))
            .withRequestBody(
                matchingJsonPath("$.TableCreationParameters.ProvisionedThroughput", absent()))
            .withRequestBody(matchingJsonPath("$.S3BucketSource.S3BucketOwner", absent())));
  }

  @Test
  void aTableWithLocalIndexesIsRefusedByNameWithoutACall() {
    TableShape withLocals =
        new TableShape(
            PROVISIONED.arn(),
            "orders",
            PROVISIONED.keySchema(),
            PROVISIONED.attributeDefinitions(),
            List.of(),
            List.of(
                new TableShape.Index(
                    "by-date",
                    List.of(
                        new TableShape.KeyElement("pk", "HASH"),
                        new TableShape.KeyElement("date", "RANGE")),
                    "ALL",
                    null,
                    null)),
            "PAY_PER_REQUEST",
            null,
            null,
            null);

    assertThatThrownBy(
            () ->
                store.importTable(
                    TARGET,
                    new ImportRequest(
                        "tok-3",
                        "orders-restored",
                        "offsite-backups",
                        null,
                        DATA,
                        withLocals,
                        RestoreRequest.Overrides.NONE)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.INVALID_REQUEST);
              assertThat(e.getMessage())
                  .contains("local secondary indexes", "orders", "by-date", "backup");
            });
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  static Stream<Arguments> importErrors() {
    return Stream.of(
        Arguments.of("ImportConflictException", Failure.IMPORT_CONFLICT),
        Arguments.of("IdempotentParameterMismatchException", Failure.IMPORT_CONFLICT),
        Arguments.of("ResourceInUseException", Failure.TABLE_ALREADY_EXISTS),
        Arguments.of("LimitExceededException", Failure.LIMIT_EXCEEDED));
  }

  @ParameterizedTest(name = "{0} means {1}")
  @MethodSource("importErrors")
  void eachImportErrorCodeMapsToItsFailure(String code, Failure expected) {
    wm.stubFor(
        AwsWire.dynamoDb("ImportTable")
            .willReturn(AwsWire.dynamoDbError(400, code, "details for " + code)));

    assertThatThrownBy(
            () ->
                store.importTable(
                    TARGET,
                    new ImportRequest(
                        "t",
                        "orders-restored",
                        "offsite-backups",
                        null,
                        DATA,
                        PROVISIONED,
                        RestoreRequest.Overrides.NONE)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(expected);
              assertThat(e.getMessage()).contains("ImportTable failed: " + code);
            });
  }

  @Test
  void anUnknownImportIsNotFound() {
    wm.stubFor(
        AwsWire.dynamoDb("DescribeImport")
            .willReturn(AwsWire.dynamoDbError(400, "ImportNotFoundException", "no such import")));

    assertThatThrownBy(() -> store.describeImport(TARGET, IMPORT_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.IMPORT_NOT_FOUND));
  }

  @Test
  void aFinishedImportIsDescribedWithItsCountsTimesAndFailure() {
    wm.stubFor(
        AwsWire.dynamoDb("DescribeImport")
            .willReturn(
                AwsWire.json(
                    """
                    {"ImportTableDescription":{"ImportArn":"%s","ImportStatus":"FAILED",
                     "TableArn":"%s","ClientToken":"tok-1","ImportedItemCount":40,
                     "ErrorCount":2,"FailureCode":"ItemValidationError",
                     "FailureMessage":"2 items had no key","StartTime":%d,"EndTime":%d}}"""
                        .formatted(
                            IMPORT_ARN,
                            TABLE_ARN,
                            T0.getEpochSecond(),
                            T0.getEpochSecond() + 600))));

    TableImport described = store.describeImport(TARGET, IMPORT_ARN);

    assertThat(described)
        .isEqualTo(
            new TableImport(
                IMPORT_ARN,
                "FAILED",
                TABLE_ARN,
                "tok-1",
                40,
                2,
                "ItemValidationError",
                "2 items had no key",
                T0,
                T0.plusSeconds(600)));
    assertThat(described.ended()).isTrue();
  }

  @Test
  void importsIntoReadsEveryPageOfTheTableAndDescribesEachForItsToken() {
    String second = TABLE_ARN + "/import/01772334999999-00000002";
    wm.stubFor(
        AwsWire.dynamoDb("ListImports")
            .withRequestBody(matchingJsonPath("$.NextToken", absent()))
            .willReturn(
                AwsWire.json(
                    """
                    {"ImportSummaryList":[{"ImportArn":"%s","ImportStatus":"COMPLETED",
                      "TableArn":"%s"}],"NextToken":"page-2"}"""
                        .formatted(IMPORT_ARN, TABLE_ARN))));
    wm.stubFor(
        AwsWire.dynamoDb("ListImports")
            .withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
            .willReturn(
                AwsWire.json(
                    """
                    {"ImportSummaryList":[{"ImportArn":"%s","ImportStatus":"IN_PROGRESS",
                      "TableArn":"%s"}]}"""
                        .formatted(second, TABLE_ARN))));
    wm.stubFor(
        AwsWire.dynamoDb("DescribeImport")
            .withRequestBody(matchingJsonPath("$.ImportArn", equalTo(IMPORT_ARN)))
            .willReturn(AwsWire.json(described(IMPORT_ARN, "COMPLETED", "tok-old"))));
    wm.stubFor(
        AwsWire.dynamoDb("DescribeImport")
            .withRequestBody(matchingJsonPath("$.ImportArn", equalTo(second)))
            .willReturn(AwsWire.json(described(second, "IN_PROGRESS", "tok-new"))));

    List<TableImport> imports = store.importsInto(TARGET, TABLE_ARN);

    assertThat(imports)
        .extracting(TableImport::importArn, TableImport::clientToken)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(IMPORT_ARN, "tok-old"),
            org.assertj.core.groups.Tuple.tuple(second, "tok-new"));
    wm.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ListImports"))
            .withRequestBody(matchingJsonPath("$.TableArn", equalTo(TABLE_ARN))));
  }

  private static String inProgress(String token) {
    return described(IMPORT_ARN, "IN_PROGRESS", token);
  }

  private static String described(String arn, String status, String token) {
    return """
        {"ImportTableDescription":{"ImportArn":"%s","ImportStatus":"%s","TableArn":"%s",
         "ClientToken":"%s","StartTime":%d}}"""
        .formatted(arn, status, TABLE_ARN, token, T0.getEpochSecond());
  }
}
