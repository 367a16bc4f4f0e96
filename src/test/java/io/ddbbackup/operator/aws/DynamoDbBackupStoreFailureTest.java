package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DynamoDbBackupStoreFailureTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TableTarget ORDERS = new TableTarget("orders", null, null);
  private static final String ROLE = "arn:aws:iam::444455556666:role/ddb-backup";
  private static final String BACKUP_ARN =
      "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/01772334000000-0a1b2c3d";
  private static final String CREATED =
      """
      {"BackupDetails":{"BackupArn":"%s","BackupName":"shop-orders-20260301T030000Z",
       "BackupStatus":"CREATING","BackupType":"USER","BackupCreationDateTime":1772334000.5}}"""
          .formatted(BACKUP_ARN);

  private final SystemProperties properties = new SystemProperties();
  private BackupStore store;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    properties.set("aws.endpointUrlDynamoDb", wm.baseUrl()).set("aws.endpointUrlSts", wm.baseUrl());
    store = DynamoDbBackupStore.withQuotas(AwsWire.fastSettings(), AwsWire.staticKeys());
  }

  @AfterEach
  void restore() {
    store.close();
    properties.close();
  }

  static Stream<Arguments> dynamoDbErrors() {
    return Stream.of(
        Arguments.of(400, "TableNotFoundException", Failure.TABLE_NOT_FOUND),
        Arguments.of(400, "ResourceNotFoundException", Failure.TABLE_NOT_FOUND),
        Arguments.of(400, "AccessDeniedException", Failure.ACCESS_DENIED),
        Arguments.of(400, "UnrecognizedClientException", Failure.ACCESS_DENIED),
        Arguments.of(400, "ExpiredTokenException", Failure.ACCESS_DENIED),
        Arguments.of(400, "InvalidSignatureException", Failure.ACCESS_DENIED),
        Arguments.of(400, "ThrottlingException", Failure.THROTTLED),
        Arguments.of(400, "ProvisionedThroughputExceededException", Failure.THROTTLED),
        Arguments.of(400, "RequestLimitExceeded", Failure.THROTTLED),
        Arguments.of(400, "LimitExceededException", Failure.LIMIT_EXCEEDED),
        Arguments.of(400, "BackupInUseException", Failure.BACKUP_IN_USE),
        Arguments.of(400, "BackupNotFoundException", Failure.BACKUP_NOT_FOUND),
        Arguments.of(
            400, "ContinuousBackupsUnavailableException", Failure.CONTINUOUS_BACKUPS_UNAVAILABLE),
        Arguments.of(400, "ValidationException", Failure.INVALID_REQUEST),
        Arguments.of(400, "SomeFutureClientException", Failure.INVALID_REQUEST),
        Arguments.of(500, "InternalServerError", Failure.UNAVAILABLE),
        Arguments.of(503, "ServiceUnavailable", Failure.UNAVAILABLE));
  }

  @ParameterizedTest(name = "{1} means {2}")
  @MethodSource("dynamoDbErrors")
  void eachDynamoDbErrorCodeMapsToItsFailure(int status, String code, Failure expected) {
    wm.stubFor(
        AwsWire.dynamoDb("CreateBackup")
            .willReturn(AwsWire.dynamoDbError(status, code, "details for " + code)));

    assertThatThrownBy(() -> store.create(ORDERS, "b1"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(expected);
              assertThat(e.awsErrorCode()).isEqualTo(code);
              assertThat(e.getMessage())
                  .contains("CreateBackup failed: " + code + ": details for " + code);
            });
  }

  static Stream<Arguments> stsErrors() {
    return Stream.of(
        Arguments.of(403, "AccessDenied", Failure.ACCESS_DENIED),
        Arguments.of(400, "InvalidIdentityToken", Failure.ACCESS_DENIED),
        Arguments.of(400, "ExpiredToken", Failure.ACCESS_DENIED));
  }

  @ParameterizedTest(name = "STS {1} means {2}")
  @MethodSource("stsErrors")
  void aRefusedAssumeRoleMapsToAccessDenied(int status, String code, Failure expected) {
    wm.stubFor(AwsWire.sts("AssumeRole").willReturn(AwsWire.stsError(status, code, "no")));

    assertThatThrownBy(() -> store.describe(new TableTarget("orders", null, ROLE), BACKUP_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(expected);
              assertThat(e.awsErrorCode()).isEqualTo(code);
            });
  }

  @Test
  void aRoleArnIsAssumedOnTopOfTheBaseCredentialsAndItsKeysSignTheCall() {
    wm.stubFor(
        AwsWire.sts("AssumeRole")
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        """
                        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <AssumeRoleResult>
                            <AssumedRoleUser><Arn>%s</Arn><AssumedRoleId>AROA:x</AssumedRoleId>
                            </AssumedRoleUser>
                            <Credentials><AccessKeyId>ASIACROSSACCOUNT01</AccessKeyId>
                              <SecretAccessKey>s</SecretAccessKey><SessionToken>tok</SessionToken>
                              <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
                          </AssumeRoleResult>
                        </AssumeRoleResponse>"""
                            .formatted(
                                "arn:aws:sts::444455556666:assumed-role/ddb-backup/ddbbackup"))));
    wm.stubFor(AwsWire.dynamoDb("CreateBackup").willReturn(AwsWire.json(CREATED)));

    store.create(new TableTarget("orders", null, ROLE), "b1");

    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "RoleSessionName=ddbbackup-operator")));
    wm.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "Credential=ASIACROSSACCOUNT01/")));
  }

  @Test
  void throttlingIsRetriedByTheSdkUntilItSucceeds() {
    for (int i = 0; i < 3; i++) {
      wm.stubFor(
          AwsWire.dynamoDb("CreateBackup")
              .inScenario("throttled")
              .whenScenarioStateIs(i == 0 ? STARTED : "throttled-" + i)
              .willSetStateTo("throttled-" + (i + 1))
              .willReturn(AwsWire.dynamoDbError(400, "ThrottlingException", "slow down")));
    }
    wm.stubFor(
        AwsWire.dynamoDb("CreateBackup")
            .inScenario("throttled")
            .whenScenarioStateIs("throttled-3")
            .willReturn(AwsWire.json(CREATED)));

    var backup = store.create(ORDERS, "shop-orders-20260301T030000Z");

    assertThat(backup.arn()).isEqualTo(BACKUP_ARN);
    assertThat(backup.status()).isEqualTo(BackupStatus.CREATING);
    assertThat(backup.tableName()).isEqualTo("orders");
    wm.verify(4, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aServerErrorOnCreateBackupIsNotRetriedBecauseTheBackupMayExist() {
    wm.stubFor(
        AwsWire.dynamoDb("CreateBackup")
            .inScenario("5xx")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("recovered")
            .willReturn(AwsWire.dynamoDbError(500, "InternalServerError", "oops")));
    wm.stubFor(
        AwsWire.dynamoDb("CreateBackup")
            .inScenario("5xx")
            .whenScenarioStateIs("recovered")
            .willReturn(AwsWire.json(CREATED)));

    // a retry could make a second backup of the same name; the reconciler adopts by name instead
    assertThatThrownBy(() -> store.create(ORDERS, "b1"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE));
    wm.verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aPersistentServerErrorGivesUpAfterMaxAttempts() {
    wm.stubFor(
        AwsWire.dynamoDb("DeleteBackup")
            .willReturn(AwsWire.dynamoDbError(500, "InternalServerError", "oops")));

    assertThatThrownBy(() -> store.delete(ORDERS, BACKUP_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE));
    wm.verify(5, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aNonTransientErrorIsNotRetried() {
    wm.stubFor(
        AwsWire.dynamoDb("DeleteBackup")
            .willReturn(AwsWire.dynamoDbError(400, "BackupInUseException", "being created")));

    assertThatThrownBy(() -> store.delete(ORDERS, BACKUP_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.BACKUP_IN_USE));
    wm.verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aRefusedConnectionIsUnavailable() {
    properties.set("aws.endpointUrlDynamoDb", "http://127.0.0.1:1");
    BackupStore unreachable =
        DynamoDbBackupStore.withQuotas(AwsWire.fastSettings(), AwsWire.staticKeys());

    assertThatThrownBy(() -> unreachable.delete(ORDERS, BACKUP_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
              assertThat(e.getMessage()).startsWith("DeleteBackup failed: ");
            });
    unreachable.close();
  }

  @Test
  void describeReadsTheSourceTableName() {
    wm.stubFor(
        AwsWire.dynamoDb("DescribeBackup")
            .willReturn(
                AwsWire.json(
                    """
                    {"BackupDescription":{"BackupDetails":{"BackupArn":"%s","BackupName":"b1",
                     "BackupStatus":"AVAILABLE","BackupType":"USER",
                     "BackupCreationDateTime":1772334000,"BackupSizeBytes":10},
                     "SourceTableDetails":{"TableName":"orders","TableId":"x",
                     "KeySchema":[],"TableCreationDateTime":1,"ProvisionedThroughput":{}}}}"""
                        .formatted(BACKUP_ARN))));

    var backup =
        store.describe(
            new TableTarget("arn:aws:dynamodb:eu-west-1:111122223333:table/orders", null, null),
            BACKUP_ARN);

    assertThat(backup.tableName()).isEqualTo("orders");
    assertThat(backup.status()).isEqualTo(BackupStatus.AVAILABLE);
    assertThat(backup.sizeBytes()).isEqualTo(10);
  }
}
