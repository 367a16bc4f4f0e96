package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.TableTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRSA as EKS sets it up (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, here as the equivalent system
 * properties): the SDK's default chain must trade the token for credentials with no code of ours,
 * and sign DynamoDB calls with them.
 */
class WebIdentityCredentialsTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmVk";
  private static final String ACCESS_KEY = "ASIAWEBIDENTITY0001";
  private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

  private final SystemProperties properties = new SystemProperties();

  @AfterEach
  void restore() {
    properties.close();
  }

  @Test
  void dynamoDbCallsAreSignedWithCredentialsFromTheWebIdentityToken(@TempDir Path dir)
      throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    properties
        .set("aws.roleArn", "arn:aws:iam::111122223333:role/ddb-backup-operator")
        .set("aws.webIdentityTokenFile", tokenFile.toString())
        .set("aws.roleSessionName", "irsa-test")
        .set("aws.region", "eu-west-1")
        // one endpoint for every service, as AWS_ENDPOINT_URL does for an emulator
        .set("aws.endpointUrl", wm.baseUrl());
    wm.stubFor(AwsWire.sts("AssumeRoleWithWebIdentity").willReturn(assumedRole()));
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups").willReturn(AwsWire.json("{\"BackupSummaries\":[]}")));

    try (BackupStore store =
        DynamoDbBackupStore.withQuotas(AwsWire.fastSettings().withDefaultRegion(null))) {
      assertThat(store.list(new TableTarget("orders", null, null), null, null)).isEmpty();
    }

    List<LoggedRequest> sts =
        wm.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=")));
    assertThat(sts).hasSize(1);
    assertThat(sts.get(0).getBodyAsString())
        .contains("Action=AssumeRoleWithWebIdentity", "WebIdentityToken=" + TOKEN);
    List<LoggedRequest> dynamoDb =
        wm.findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", containing("ListBackups")));
    assertThat(dynamoDb).hasSize(1);
    assertThat(dynamoDb.get(0).getHeader("Authorization"))
        .contains("Credential=" + ACCESS_KEY + "/")
        .contains("/eu-west-1/dynamodb/aws4_request");
    assertThat(dynamoDb.get(0).getHeader("X-Amz-Security-Token")).isEqualTo(SESSION_TOKEN);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder assumedRole() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/xml")
        .withBody(
            """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:ops:ddbbackup</SubjectFromWebIdentityToken>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::111122223333:assumed-role/ddb-backup-operator/irsa-test</Arn>
                  <AssumedRoleId>AROAEXAMPLE:irsa-test</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>%s</AccessKeyId>
                  <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
                  <SessionToken>%s</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>"""
                .formatted(ACCESS_KEY, SESSION_TOKEN));
  }
}
