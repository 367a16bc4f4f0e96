package io.ddbbackup.operator.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ddbbackup.operator.replay.FakeExport;
import io.ddbbackup.operator.restore.ReplayRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replay command through its one entry point, against DynamoDB's and S3's wire protocols
 * (WireMock): the command line the operator's Jobs run, the writes it sends, UnprocessedItems and
 * throttling answered as DynamoDB answers them, and exit codes for arguments and a foreign table.
 */
class ReplayCommandTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String UID = "5f1c2a7e-0000-4000-8000-000000000001";
  private static final String TABLE = "orders-restored";
  private static final String BUCKET = "offsite";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String JSON_1_0 = "application/x-amz-json-1.0";

  private final Map<String, String> previous = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final FakeExport export = new FakeExport();

  @BeforeEach
  void pointTheSdkAtWireMock() {
    set("aws.endpointUrlDynamoDb", wm.baseUrl());
    set("aws.endpointUrlS3", wm.baseUrl());
    set("aws.endpointUrlSts", wm.baseUrl());
    set("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
    set("aws.secretAccessKey", SECRET);
  }

  @AfterEach
  void restore() {
    previous.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  private void set(String key, String value) {
    previous.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  private List<String> args(int shards) {
    return new ReplayRequest(
            "job",
            "ns",
            "r",
            UID,
            1,
            BUCKET,
            null,
            FakeExport.MANIFEST,
            TABLE,
            "eu-west-1",
            null,
            shards,
            null)
        .args();
  }

  private int run(List<String> args, Map<String, String> env) {
    return ReplayCommand.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private void serveExportAndTable(String owner) {
    export.objects.forEach(
        (key, bytes) ->
            wm.stubFor(
                get(urlEqualTo("/" + BUCKET + "/" + key))
                    .willReturn(aResponse().withStatus(200).withBody(bytes))));
    wm.stubFor(
        dynamoDb("DescribeTable")
            .willReturn(
                json(
                    "{\"Table\":{\"TableName\":\"%s\",\"TableStatus\":\"ACTIVE\",\"TableArn\":\"%s\"}}"
                        .formatted(TABLE, arn()))));
    wm.stubFor(
        dynamoDb("ListTagsOfResource")
            .willReturn(
                json(
                    "{\"Tags\":[{\"Key\":\"ddbbackup.io/restore-uid\",\"Value\":\"%s\"}]}"
                        .formatted(owner))));
  }

  private static String arn() {
    return "arn:aws:dynamodb:eu-west-1:111122223333:table/" + TABLE;
  }

  @Test
  void unprocessedItemsThenThrottlingThenSuccessWritesEveryChangeOnceItIsTaken() {
    export.file(
        List.of(FakeExport.put("a", "1"), FakeExport.put("b", "2"), FakeExport.delete("c")));
    serveExportAndTable(UID);
    // first answer: b left unprocessed; second: throttled; third: taken
    wm.stubFor(
        dynamoDb("BatchWriteItem")
            .inScenario("writes")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(
                    "{\"UnprocessedItems\":{\"%s\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"b\"},\"v\":{\"S\":\"2\"}}}}]}}"
                        .formatted(TABLE)))
            .willSetStateTo("throttle"));
    wm.stubFor(
        dynamoDb("BatchWriteItem")
            .inScenario("writes")
            .whenScenarioStateIs("throttle")
            .willReturn(
                error(
                    400,
                    "ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded."))
            .willSetStateTo("ok"));
    wm.stubFor(
        dynamoDb("BatchWriteItem")
            .inScenario("writes")
            .whenScenarioStateIs("ok")
            .willReturn(json("{\"UnprocessedItems\":{}}")));

    int exit = run(args(1), Map.of("JOB_COMPLETION_INDEX", "0"));

    assertThat(exit).as(err.toString()).isZero();
    List<LoggedRequest> writes =
        wm.findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.BatchWriteItem")));
    assertThat(writes).hasSize(3);
    String first = writes.get(0).getBodyAsString();
    assertThat(first)
        .contains(
            "\"PutRequest\"", "\"DeleteRequest\"", "\"S\":\"a\"", "\"S\":\"b\"", "\"S\":\"c\"");
    // after the first answer only b is sent again, the same put each time
    for (LoggedRequest again : writes.subList(1, 3)) {
      assertThat(again.getBodyAsString())
          .contains("\"id\":{\"S\":\"b\"}", "\"v\":{\"S\":\"2\"}")
          .doesNotContain("\"S\":\"a\"", "\"S\":\"c\"");
    }
    assertThat(out.toString())
        .contains("replay done:")
        .contains("1 files, 2 items put, 1 items deleted");
    assertThat(out.toString() + err).doesNotContain(SECRET).doesNotContain("X-Amz-Signature");
  }

  @Test
  void aTableTaggedForAnotherRestoreExitsTwoNamingItAndIsNeverWritten() {
    export.file(List.of(FakeExport.put("a", "1")));
    serveExportAndTable("someone-else");

    int exit = run(args(1), Map.of("JOB_COMPLETION_INDEX", "0"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(TABLE).contains("ddbbackup.io/restore-uid=someone-else");
    wm.verify(
        0,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.BatchWriteItem")));
  }

  @Test
  void badArgumentsExitTwoNamingTheOptionBeforeAnyCall() {
    assertThat(run(args(2), Map.of())).isEqualTo(2);
    assertThat(err.toString()).contains("--shard").contains("JOB_COMPLETION_INDEX");
    err.reset();
    assertThat(run(args(2), Map.of("JOB_COMPLETION_INDEX", "2"))).isEqualTo(2);
    assertThat(err.toString()).contains("must be in 0..1");
    err.reset();
    List<String> noTable = args(1).stream().filter(a -> !a.startsWith("--table=")).toList();
    assertThat(run(noTable, Map.of("JOB_COMPLETION_INDEX", "0"))).isEqualTo(2);
    assertThat(err.toString()).contains("--table");
    err.reset();
    List<String> zero =
        args(1).stream().map(a -> a.startsWith("--shards=") ? "--shards=0" : a).toList();
    assertThat(run(zero, Map.of("JOB_COMPLETION_INDEX", "0"))).isEqualTo(2);
    assertThat(err.toString()).contains("--shards must be at least 1");
    assertThat(wm.getAllServeEvents()).isEmpty();
    assertThat(run(List.of("replay", "--help"), Map.of())).isZero();
    assertThat(out.toString()).contains("--max-writes-per-second").contains("Exit codes");
  }

  private static MappingBuilder dynamoDb(String operation) {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", JSON_1_0).withBody(body);
  }

  private static ResponseDefinitionBuilder error(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", JSON_1_0)
        .withBody(
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\",\"message\":\"%s\"}"
                .formatted(code, message));
  }
}
