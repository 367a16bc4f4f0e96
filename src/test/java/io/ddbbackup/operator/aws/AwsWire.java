package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** DynamoDB's JSON 1.0 and STS's query protocol, as WireMock stubs. */
final class AwsWire {

  static final String JSON_1_0 = "application/x-amz-json-1.0";

  private AwsWire() {}

  /** A request to one DynamoDB operation, e.g. {@code ListBackups}. */
  static MappingBuilder dynamoDb(String operation) {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
  }

  /** A request to one STS action, e.g. {@code AssumeRoleWithWebIdentity}. */
  static MappingBuilder sts(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", JSON_1_0).withBody(body);
  }

  /** A DynamoDB error: the code travels in {@code __type} after the '#'. */
  static ResponseDefinitionBuilder dynamoDbError(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", JSON_1_0)
        .withHeader("x-amzn-RequestId", "REQ-" + code)
        .withBody(
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\",\"message\":\"%s\"}"
                .formatted(code, message));
  }

  static ResponseDefinitionBuilder stsError(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml")
        .withBody(
            """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
              <RequestId>sts-req-1</RequestId>
            </ErrorResponse>"""
                .formatted(code, message));
  }

  /** Settings with millisecond backoff so retry tests stay fast. */
  static StoreSettings fastSettings() {
    return StoreSettings.defaults()
        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5))
        .withTimeouts(
            Duration.ofSeconds(30), Duration.ofSeconds(10)) // WireMock's first answer is slow
        .withDefaultRegion("eu-west-1");
  }

  static StaticCredentialsProvider staticKeys() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  }
}
