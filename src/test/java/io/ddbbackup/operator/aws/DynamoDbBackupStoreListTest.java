package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ddbbackup.operator.backup.Backup;
import io.ddbbackup.operator.backup.BackupStatus;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupType;
import io.ddbbackup.operator.backup.TableTarget;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbBackupStoreListTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  private static final TableTarget ORDERS = new TableTarget("orders", null, null);

  private final SystemProperties properties = new SystemProperties();
  private BackupStore store;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    // the SDK's own endpoint setting (same as AWS_ENDPOINT_URL_DYNAMODB); no override in our code
    properties.set("aws.endpointUrlDynamoDb", wm.baseUrl());
    store = DynamoDbBackupStore.withQuotas(AwsWire.fastSettings(), AwsWire.staticKeys());
  }

  @AfterEach
  void restore() {
    store.close();
    properties.close();
  }

  @Test
  void everyPageIsFollowedByItsMarkerAndBackupsComeBackOldestFirst() {
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups")
            .withRequestBody(notContaining("ExclusiveStartBackupArn"))
            .willReturn(AwsWire.json(page("b1", 1000, "b2", 2000, "b2"))));
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups")
            .withRequestBody(matchingJsonPath("$.ExclusiveStartBackupArn", equalTo(arn("b2"))))
            .willReturn(AwsWire.json(page("b3", 3000, "b4", 4000, "b4"))));
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups")
            .withRequestBody(matchingJsonPath("$.ExclusiveStartBackupArn", equalTo(arn("b4"))))
            .willReturn(AwsWire.json(page("b5", 5000, null, 0, null))));
    Instant from = Instant.ofEpochSecond(1_772_334_000L);
    Instant to = from.plusSeconds(10_000);

    List<Backup> backups = store.list(ORDERS, from, to);

    assertThat(backups).extracting(Backup::name).containsExactly("b1", "b2", "b3", "b4", "b5");
    assertThat(backups.get(0))
        .isEqualTo(
            new Backup(
                arn("b1"),
                "b1",
                "orders",
                from.plusSeconds(1000).plusMillis(250),
                BackupStatus.AVAILABLE,
                BackupType.USER,
                4096));
    List<LoggedRequest> requests =
        wm.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/")));
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).getHeader("Content-Type")).startsWith(AwsWire.JSON_1_0);
    assertThat(jsonField(requests.get(1), "ExclusiveStartBackupArn")).isEqualTo(arn("b2"));
    assertThat(jsonField(requests.get(2), "ExclusiveStartBackupArn")).isEqualTo(arn("b4"));
    for (LoggedRequest request : requests) {
      assertThat(jsonField(request, "TableName")).isEqualTo("orders");
      assertThat(jsonField(request, "BackupType")).isEqualTo("USER");
      // epoch seconds; the upper bound is exclusive in DynamoDB, so one second past `to`
      assertThat(new BigDecimal(jsonField(request, "TimeRangeLowerBound")))
          .isEqualByComparingTo(BigDecimal.valueOf(from.getEpochSecond()));
      assertThat(new BigDecimal(jsonField(request, "TimeRangeUpperBound")))
          .isEqualByComparingTo(BigDecimal.valueOf(to.getEpochSecond() + 1));
    }
  }

  @Test
  void aTableArnIsSentAsTheTableNameAndOpenBoundsAreLeftOut() {
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups").willReturn(AwsWire.json("{\"BackupSummaries\":[]}")));

    assertThat(store.list(new TableTarget(TABLE_ARN, null, null), null, null)).isEmpty();

    LoggedRequest request = wm.getAllServeEvents().get(0).getRequest();
    assertThat(jsonField(request, "TableName")).isEqualTo(TABLE_ARN);
    assertThat(request.getBodyAsString()).doesNotContain("TimeRange");
  }

  @Test
  void aListingOfEveryTableSendsNoTableNameAndKeepsEachBackupsTable() {
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups").willReturn(AwsWire.json(page("b1", 1000, null, 0, null))));

    List<Backup> backups =
        store.list(TableTarget.anyTable(null, null), Instant.ofEpochSecond(1_772_334_000L), null);

    assertThat(backups).extracting(Backup::tableName).containsExactly("orders");
    LoggedRequest request = wm.getAllServeEvents().get(0).getRequest();
    assertThat(request.getBodyAsString()).doesNotContain("TableName");
    assertThat(jsonField(request, "BackupType")).isEqualTo("USER");
    assertThat(jsonField(request, "TimeRangeLowerBound")).isNotNull();
  }

  private static String arn(String name) {
    return TABLE_ARN + "/backup/01772334000000-" + name;
  }

  /** One ListBackups page with up to two summaries, created at offsets from 1772334000. */
  private static String page(String n1, int s1, String n2, int s2, String last) {
    StringBuilder json = new StringBuilder("{\"BackupSummaries\":[").append(summary(n1, s1));
    if (n2 != null) {
      json.append(',').append(summary(n2, s2));
    }
    json.append(']');
    if (last != null) {
      json.append(",\"LastEvaluatedBackupArn\":\"").append(arn(last)).append('"');
    }
    return json.append('}').toString();
  }

  private static String summary(String name, int offsetSeconds) {
    return """
        {"TableName":"orders","TableArn":"%s","BackupArn":"%s","BackupName":"%s",
         "BackupCreationDateTime":%d.25,"BackupStatus":"AVAILABLE","BackupType":"USER",
         "BackupSizeBytes":4096}"""
        .formatted(TABLE_ARN, arn(name), name, 1_772_334_000L + offsetSeconds);
  }

  private static String jsonField(LoggedRequest request, String field) {
    var node =
        com.github.tomakehurst.wiremock.common.Json.node(request.getBodyAsString()).get(field);
    return node == null ? null : node.asText();
  }
}
