package io.ddbbackup.operator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ddbbackup.operator.backup.BackupStore;
import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.Leadership;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A replica that does not lead sends no DynamoDB write: the real store against WireMock, which
 * counts what reached it. Reads still go out (a standby's readiness and a deposed leader's last
 * lookups harm nothing).
 */
class LeaderOnlyWritesTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TableTarget ORDERS = new TableTarget("orders", null, null);
  private static final String BACKUP_ARN =
      "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/backup/01772334000000-0a1b2c3d";

  private final SystemProperties properties = new SystemProperties();
  private final AtomicInteger asked = new AtomicInteger();

  /** How many times it is asked while it still leads; it does not lead when asked again. */
  private volatile int leadsForAsks;

  private BackupStore store;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    properties.set("aws.endpointUrlDynamoDb", wm.baseUrl()).set("aws.endpointUrlSts", wm.baseUrl());
    Leadership leadership =
        () -> {
          return asked.incrementAndGet() <= leadsForAsks
              ? Optional.empty()
              : Optional.of("the Lease is held by replica-b");
        };
    store =
        DynamoDbBackupStore.withQuotas(
            AwsWire.fastSettings().withLeadership(leadership), AwsWire.staticKeys());
  }

  @AfterEach
  void restore() {
    store.close();
    properties.close();
  }

  @Test
  void aReplicaThatDoesNotLeadMakesNoCreateBackupNorDeleteBackup() {
    leadsForAsks = 0;

    assertThatThrownBy(() -> store.create(ORDERS, "shop_orders-20260301T030000Z"))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.NOT_LEADER);
              assertThat(e.getMessage()).contains("CreateBackup").contains("replica-b");
            });
    assertThatThrownBy(() -> store.delete(ORDERS, BACKUP_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_LEADER));
    wm.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void readsNeedNoLeadership() {
    leadsForAsks = 0;
    wm.stubFor(
        AwsWire.dynamoDb("ListBackups").willReturn(AwsWire.json("{\"BackupSummaries\":[]}")));

    assertThat(store.list(ORDERS, null, null)).isEmpty();
    wm.verify(1, postRequestedFor(urlEqualTo("/")));
    assertThat(asked).hasValue(0);
  }

  @Test
  void aRetryAfterTheLeaseWasLostIsNotSent() {
    // the first DeleteBackup attempt fails with a 500; while the SDK backs off, the Lease is lost
    leadsForAsks = 1;
    wm.stubFor(
        AwsWire.dynamoDb("DeleteBackup")
            .inScenario("lost")
            .whenScenarioStateIs(STARTED)
            .willReturn(AwsWire.dynamoDbError(500, "InternalServerError", "try again"))
            .willSetStateTo("failed once"));
    wm.stubFor(
        AwsWire.dynamoDb("DeleteBackup")
            .inScenario("lost")
            .whenScenarioStateIs("failed once")
            .willReturn(AwsWire.json("{}")));

    assertThatThrownBy(() -> store.delete(ORDERS, BACKUP_ARN))
        .isInstanceOfSatisfying(
            BackupStoreException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_LEADER));
    wm.verify(1, postRequestedFor(urlEqualTo("/")));
    assertThat(asked).as("asked before each attempt").hasValue(2);
  }

  @ParameterizedTest(name = "{0} is a read: {1}")
  @CsvSource({
    "DescribeBackup,true",
    "ListBackups,true",
    "DescribeTable,true",
    "ListTagsOfResource,true",
    "DescribeContinuousBackups,true",
    "CreateBackup,false",
    "DeleteBackup,false",
    "RestoreTableFromBackup,false",
    "RestoreTableToPointInTime,false",
    "DeleteTable,false",
    "TagResource,false",
    "UpdateContinuousBackups,false",
    "SomeCallAddedLater,false"
  })
  void everyCallThatIsNotNamedAsAReadIsGuarded(String operation, boolean read) {
    assertThat(LeaderOnlyWrites.isRead(operation)).isEqualTo(read);
  }
}
