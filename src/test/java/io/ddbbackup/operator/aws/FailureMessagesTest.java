package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.restore.TableStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user reads when AWS refuses, through the real adapter and SDK against WireMock: each
 * message names the cause and the change that fixes it.
 */
class FailureMessagesTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ROLE = "arn:aws:iam::444455556666:role/ddbbackup-cross-account";
  private static final String OPERATOR_ROLE = "arn:aws:iam::111122223333:role/ddb-backup-operator";
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmVk";

  private final SystemProperties properties = new SystemProperties();

  @BeforeEach
  void pointTheSdkAtWireMockAndAwayFromThisMachine(@TempDir Path dir) {
    properties
        .set("aws.endpointUrlDynamoDb", wm.baseUrl())
        .set("aws.endpointUrlSts", wm.baseUrl())
        // the default chain must find nothing of this machine's: no profile, no instance role
        .set("aws.disableEc2Metadata", "true")
        .set("aws.configFile", dir.resolve("no-config").toString())
        .set("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
  }

  @AfterEach
  void restore() {
    properties.close();
  }

  @Test
  void accessDeniedNamesTheActionTableRegionIdentityAndThePolicyThatGrantsIt() {
    String aws =
        "User: arn:aws:sts::111122223333:assumed-role/ddb-backup-operator/s is not authorized to"
            + " perform: dynamodb:CreateBackup on resource:"
            + " arn:aws:dynamodb:eu-central-1:111122223333:table/orders";
    wm.stubFor(
        AwsWire.dynamoDb("CreateBackup")
            .willReturn(AwsWire.dynamoDbError(400, "AccessDeniedException", aws)));

    try (BackupStore store = withKeys()) {
      assertRefused(
          () -> store.create(new TableTarget("orders", "eu-central-1", null), "b1"),
          Failure.ACCESS_DENIED,
          m ->
              assertThat(m)
                  .startsWith(
                      "dynamodb:CreateBackup on table orders in region eu-central-1 was denied"
                          + " to the operator's own identity")
                  .contains("config/iam/permission-policy.json", "docs/iam.md")
                  // AWS's own words name the principal
                  .contains(aws));
    }
  }

  @Test
  void accessDeniedToARoleNamesThatRoleAndTheRegionOfTheTableArn() {
    wm.stubFor(AwsWire.sts("AssumeRole").willReturn(assumedRole()));
    wm.stubFor(
        AwsWire.dynamoDb("DescribeTable")
            .willReturn(AwsWire.dynamoDbError(400, "AccessDeniedException", "not authorized")));
    String table = "arn:aws:dynamodb:us-east-1:444455556666:table/billing";

    try (TableStore tables =
        DynamoDb.connect(AwsWire.fastSettings(), AwsWire.staticKeys()).tables()) {
      assertRefused(
          () -> tables.describe(new TableTarget(table, null, ROLE)),
          Failure.ACCESS_DENIED,
          m ->
              assertThat(m)
                  .startsWith(
                      "dynamodb:DescribeTable on table %s in region us-east-1 was denied to"
                              .formatted(table)
                          + " spec.roleArn "
                          + ROLE)
                  .contains("config/iam/permission-policy.json"));
    }
  }

  @Test
  void aTableNotFoundNamesTheRegionItWasLookedForInAndHowToSetIt() {
    wm.stubFor(
        AwsWire.dynamoDb("CreateBackup")
            .willReturn(
                AwsWire.dynamoDbError(400, "TableNotFoundException", "Table not found: orders")));

    try (BackupStore store = withKeys()) {
      // no region in the spec: the operator's default (eu-west-1 in these settings)
      assertRefused(
          () -> store.create(new TableTarget("orders", null, null), "b1"),
          Failure.TABLE_NOT_FOUND,
          m ->
              assertThat(m)
                  .startsWith("table orders not found in region eu-west-1: ")
                  .contains("spec.region", "table ARN", "aws.region")
                  .contains("CreateBackup failed: TableNotFoundException"));
      assertRefused(
          () -> store.create(new TableTarget("orders", "ap-southeast-2", null), "b1"),
          Failure.TABLE_NOT_FOUND,
          m -> assertThat(m).startsWith("table orders not found in region ap-southeast-2: "));
    }
  }

  @Test
  void aRoleThatCannotBeAssumedNamesBothTrustSidesToFix() {
    wm.stubFor(
        AwsWire.sts("AssumeRole")
            .willReturn(
                AwsWire.stsError(
                    403,
                    "AccessDenied",
                    "User: arn:aws:sts::111122223333:assumed-role/op/x is not authorized to"
                        + " perform: sts:AssumeRole on resource: "
                        + ROLE)));

    try (BackupStore store = withKeys()) {
      assertRefused(
          () -> store.list(new TableTarget("orders", "eu-west-1", ROLE), null, null),
          Failure.ACCESS_DENIED,
          m ->
              assertThat(m)
                  .startsWith("the operator's role may not assume spec.roleArn " + ROLE + ": ")
                  .contains(
                      "config/iam/cross-account-trust-policy.json",
                      "config/iam/operator-assume-role-policy.json")
                  .contains("sts:AssumeRole on resource: " + ROLE));
    }
  }

  @Test
  void noAwsIdentityAtAllSaysToSetUpIrsaOrPodIdentity() {
    assumeTrue(noCredentialsInTheEnvironment(), "this machine's environment has AWS credentials");

    try (BackupStore store = DynamoDbBackupStore.withQuotas(AwsWire.fastSettings())) {
      assertRefused(
          () -> store.list(new TableTarget("orders", null, null), null, null),
          Failure.ACCESS_DENIED,
          m ->
              assertThat(m)
                  .isEqualTo(
                      "no AWS credentials: set serviceAccount.roleArn (IRSA) or create a Pod"
                          + " Identity association (docs/iam.md); ListBackups was not sent"));
    }
    assertThat(wm.getAllServeEvents()).as("nothing reached AWS").isEmpty();
  }

  @Test
  void anIrsaRoleStsRefusesNamesTheRoleAndItsTrustPolicyAndKeepsTheTokenOut(@TempDir Path dir)
      throws Exception {
    assumeTrue(noCredentialsInTheEnvironment(), "this machine's environment has AWS credentials");
    Path token = Files.writeString(dir.resolve("token"), TOKEN);
    properties
        .set("aws.roleArn", OPERATOR_ROLE)
        .set("aws.webIdentityTokenFile", token.toString())
        .set("aws.region", "eu-west-1")
        .set("aws.endpointUrl", wm.baseUrl());
    wm.stubFor(
        AwsWire.sts("AssumeRoleWithWebIdentity")
            .willReturn(
                AwsWire.stsError(
                    403,
                    "AccessDenied",
                    "Not authorized to perform sts:AssumeRoleWithWebIdentity")));

    try (BackupStore store = DynamoDbBackupStore.withQuotas(AwsWire.fastSettings())) {
      assertRefused(
          () -> store.list(new TableTarget("orders", null, null), null, null),
          Failure.ACCESS_DENIED,
          m ->
              assertThat(m)
                  .startsWith("the operator's IRSA role " + OPERATOR_ROLE + " gave no credentials")
                  .contains("config/iam/trust-policy-irsa.json", "sts.amazonaws.com")
                  .contains("Not authorized to perform sts:AssumeRoleWithWebIdentity")
                  .doesNotContain(TOKEN));
    }
  }

  @Test
  void aPodIdentityAgentThatGivesNoCredentialsNamesTheAssociationAndTheTrustPolicy() {
    assumeTrue(noCredentialsInTheEnvironment(), "this machine's environment has AWS credentials");
    properties
        .set("aws.containerCredentialsFullUri", wm.baseUrl() + "/v1/credentials")
        .set("aws.containerAuthorizationToken", "agent-token");
    wm.stubFor(
        get(urlEqualTo("/v1/credentials"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"code\":\"AccessDeniedException\",\"message\":\"no association\"}")));

    try (BackupStore store = DynamoDbBackupStore.withQuotas(AwsWire.fastSettings())) {
      assertRefused(
          () -> store.list(new TableTarget("orders", null, null), null, null),
          Failure.ACCESS_DENIED,
          m ->
              assertThat(m)
                  .startsWith("the EKS Pod Identity agent gave no credentials")
                  .contains("pod identity association", "trust-policy-pod-identity.json")
                  .doesNotContain("agent-token"));
    }
  }

  @Test
  void noRegionAnywhereNamesTheChartValueThatSetsIt() {
    assumeTrue(
        System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
        "this machine's environment sets a region");

    try (BackupStore store =
        DynamoDbBackupStore.withQuotas(
            AwsWire.fastSettings().withDefaultRegion(null), AwsWire.staticKeys())) {
      assertRefused(
          () -> store.list(new TableTarget("orders", null, null), null, null),
          Failure.INVALID_REQUEST,
          m ->
              assertThat(m)
                  .startsWith("no AWS region: ")
                  .contains("spec.region", "table as an ARN", "aws.region", "AWS_REGION"));
    }
    assertThat(wm.getAllServeEvents()).as("nothing reached AWS").isEmpty();
  }

  private static BackupStore withKeys() {
    return DynamoDbBackupStore.withQuotas(AwsWire.fastSettings(), AwsWire.staticKeys());
  }

  private static void assertRefused(
      ThrowingCallable call, Failure failure, Consumer<String> message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(failure);
              message.accept(e.getMessage());
            });
  }

  private static boolean noCredentialsInTheEnvironment() {
    return System.getenv("AWS_ACCESS_KEY_ID") == null
        && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
        && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
        && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder assumedRole() {
    return aResponse()
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
                .formatted("arn:aws:sts::444455556666:assumed-role/ddbbackup-cross-account/d"));
  }
}
