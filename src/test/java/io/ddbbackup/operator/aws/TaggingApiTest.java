package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.policy.TableCatalog;
import io.ddbbackup.operator.policy.TableCatalog.TaggedPage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * GetResources of the Resource Groups Tagging API as AWS documents its wire (JSON 1.1, the target
 * {@code ResourceGroupsTaggingAPI_20170126.GetResources}, SigV4 for the service {@code tagging}):
 * what the operator sends, how it reads the pages, and what a refusal or throttling becomes.
 */
class TaggingApiTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/";
  private static final TableTarget SCOPE = TableTarget.anyTable("eu-west-1", null);

  private final SystemProperties properties = new SystemProperties();
  private DynamoDbClients clients;
  private TableCatalog catalog;

  @BeforeEach
  void pointTheTaggingApiAtWireMock() {
    properties.set("aws.endpointUrlResourceGroupsTaggingApi", wm.baseUrl());
    clients = new DynamoDbClients(AwsWire.fastSettings(), AwsWire.staticKeys());
    catalog = new DynamoDbTableCatalog(clients);
  }

  @AfterEach
  void restore() {
    clients.close();
    properties.close();
  }

  @Test
  void everyPageIsAskedForWithTheLastTokenAndTablesComeBackWithTheirTags() {
    wm.stubFor(
        getResources()
            .withRequestBody(matchingJsonPath("$.PaginationToken", absent()))
            .willReturn(
                page(
                    "t1",
                    """
                    {"ResourceARN": "%1$sorders", "Tags": [{"Key": "backup", "Value": "daily"},
                                                           {"Key": "team", "Value": "pay"}]},
                    {"ResourceARN": "%1$sorders/index/by-user", "Tags": []},
                    {"ResourceARN": "%1$susers", "Tags": []}"""
                        .formatted(ARN))));
    wm.stubFor(
        getResources()
            .withRequestBody(matchingJsonPath("$.PaginationToken", equalTo("t1")))
            .willReturn(
                page(
                    "",
                    """
                    {"ResourceARN": "%sinvoices", "Tags": [{"Key": "backup", "Value": ""}]}"""
                        .formatted(ARN))));

    TaggedPage first = catalog.taggedTables(SCOPE, null);
    TaggedPage second = catalog.taggedTables(SCOPE, first.next());

    assertThat(first.tagsByTable())
        .as("an index's ARN is not a table")
        .isEqualTo(Map.of("orders", Map.of("backup", "daily", "team", "pay"), "users", Map.of()));
    assertThat(first.next()).isEqualTo("t1");
    assertThat(second.tagsByTable()).isEqualTo(Map.of("invoices", Map.of("backup", "")));
    assertThat(second.next()).as("an empty token ends the listing").isNull();
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/")));
    assertThat(sent).hasSize(2);
    for (LoggedRequest request : sent) {
      assertThat(request.getHeader("X-Amz-Target")).isEqualTo(TaggingApi.TARGET);
      assertThat(request.getHeader("Content-Type")).startsWith("application/x-amz-json-1.1");
      assertThat(request.getHeader("Authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
          .contains("/eu-west-1/tagging/aws4_request")
          .contains("SignedHeaders=")
          .contains("x-amz-target");
      assertThat(request.getBodyAsString())
          .contains("\"ResourceTypeFilters\":[\"dynamodb:table\"]")
          .contains("\"ResourcesPerPage\":100");
    }
  }

  @Test
  void aRefusalIsAccessDeniedNamingTheActionTheRegionAndThePolicyFile() {
    wm.stubFor(
        getResources()
            .willReturn(
                error(
                    400,
                    "AccessDeniedException",
                    "User: arn:aws:sts::111122223333:assumed-role/op/x is not authorized to"
                        + " perform: tag:GetResources")));

    assertThatThrownBy(() -> catalog.taggedTables(SCOPE, null))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.ACCESS_DENIED);
              assertThat(e.getMessage())
                  .startsWith("tag:GetResources in region eu-west-1 was denied to")
                  .contains("config/iam/policy-discovery-policy.json")
                  .contains("GetResources failed: AccessDeniedException")
                  .doesNotContain("wJalrXUtnFEMI");
            });
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/"))))
        .as("a refusal is not retried")
        .hasSize(1);
  }

  @Test
  void throttlingAndABrokenConnectionAreRetriedAndThenAnswered() {
    wm.stubFor(
        getResources()
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(error(400, "ThrottledException", "Rate exceeded"))
            .willSetStateTo("reset"));
    wm.stubFor(
        getResources()
            .inScenario("busy")
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("fine"));
    wm.stubFor(
        getResources()
            .inScenario("busy")
            .whenScenarioStateIs("fine")
            .willReturn(
                page(
                    "",
                    """
                    {"ResourceARN": "%sorders", "Tags": [{"Key": "backup", "Value": "daily"}]}"""
                        .formatted(ARN))));

    TaggedPage page = catalog.taggedTables(SCOPE, null);

    assertThat(page.tagsByTable()).isEqualTo(Map.of("orders", Map.of("backup", "daily")));
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(3);
  }

  @Test
  void throttlingThatLastsIsThrottledAfterTheSettingsAttempts() {
    wm.stubFor(getResources().willReturn(error(400, "ThrottledException", "Rate exceeded")));

    assertThatThrownBy(() -> catalog.taggedTables(SCOPE, null))
        .isInstanceOfSatisfying(
            BackupStoreException.class, e -> assertThat(e.failure()).isEqualTo(Failure.THROTTLED));
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/"))))
        .hasSize(AwsWire.fastSettings().retries().maxAttempts());
  }

  /** IRSA and spec.roleArn give session credentials: their token must travel with the call. */
  @Test
  void sessionCredentialsSendTheirToken() {
    clients.close();
    clients =
        new DynamoDbClients(
            AwsWire.fastSettings(),
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    "ASIAIOSFODNN7EXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    "the-token")));
    catalog = new DynamoDbTableCatalog(clients);
    wm.stubFor(getResources().willReturn(page("", "")));

    assertThat(catalog.taggedTables(SCOPE, null).tagsByTable()).isEmpty();
    LoggedRequest sent = wm.findAll(postRequestedFor(urlEqualTo("/"))).get(0);
    assertThat(sent.getHeader("X-Amz-Security-Token")).isEqualTo("the-token");
    assertThat(sent.getHeader("Authorization")).contains("x-amz-security-token");
  }

  @Test
  void theEndpointIsTheServicesOwnSettingThenEveryServicesThenTheRegionsTaggingHost() {
    Map<String, String> none = Map.of();
    assertThat(TaggingApi.endpoint(Region.EU_WEST_1, none::get, none::get))
        .isEqualTo(URI.create("https://tagging.eu-west-1.amazonaws.com/"));
    assertThat(TaggingApi.endpoint(Region.CN_NORTH_1, none::get, none::get))
        .isEqualTo(URI.create("https://tagging.cn-north-1.amazonaws.com.cn/"));
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://moto:5000");
    assertThat(TaggingApi.endpoint(Region.EU_WEST_1, none::get, env::get))
        .isEqualTo(URI.create("http://moto:5000/"));
    Map<String, String> both =
        Map.of(
            "AWS_ENDPOINT_URL",
            "http://moto:5000",
            "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API",
            "http://tagging:7000");
    assertThat(TaggingApi.endpoint(Region.EU_WEST_1, none::get, both::get))
        .isEqualTo(URI.create("http://tagging:7000/"));
    Map<String, String> property = Map.of("aws.endpointUrl", "http://property:1");
    assertThat(TaggingApi.endpoint(Region.EU_WEST_1, property::get, env::get))
        .as("a system property before the environment, as the SDK reads them")
        .isEqualTo(URI.create("http://property:1/"));
  }

  private static MappingBuilder getResources() {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TaggingApi.TARGET));
  }

  private static ResponseDefinitionBuilder page(String token, String resources) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(
            "{\"PaginationToken\": \"%s\", \"ResourceTagMappingList\": [%s]}"
                .formatted(token, resources));
  }

  private static ResponseDefinitionBuilder error(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-RequestId", "REQ-" + code)
        .withBody("{\"__type\":\"%s\",\"Message\":\"%s\"}".formatted(code, message));
  }
}
