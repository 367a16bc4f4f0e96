package io.ddbbackup.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The moto AWS emulator on loopback, started from the venv scripts/install-tools.sh makes. The
 * test's own DynamoDB client uses static dummy keys; the operator never sees them (it gets a web
 * identity token instead, see {@link OperatorProcess}).
 */
public final class Moto implements AutoCloseable {

  public static final String REGION = "eu-west-1";
  public static final String ACCOUNT = "123456789012";

  private final Path log;
  private Process process;
  private int port;
  private DynamoDbClient dynamoDb;

  public Moto(Path workDir) {
    this.log = workDir.resolve("moto.log");
  }

  public Moto start() {
    port = FreePort.pick();
    try {
      process =
          new ProcessBuilder(
                  Tools.motoServer().toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("moto answering on " + endpoint() + " (log " + log + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> process.isAlive() && answers());
    dynamoDb =
        DynamoDbClient.builder()
            .endpointOverride(URI.create(endpoint()))
            .region(Region.of(REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .build();
    return this;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The test's own client: what it lists is what moto holds, not what the operator believes. */
  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  /**
   * A client of the test's own that reaches moto through {@code endpoint} (a proxy that records
   * what passes, so the test's backups are in its ledger too); the caller closes it.
   */
  public static DynamoDbClient clientVia(String endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  /** Wipes every table and backup; the server keeps running. */
  public void reset() {
    HttpResponse<String> response =
        LoopbackHttp.send(
            HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered " + response.statusCode());
    }
  }

  /**
   * A client of the test's own for another region than {@link #REGION} (moto keeps each region's
   * tables apart, as DynamoDB does); the caller closes it.
   */
  public DynamoDbClient dynamoDbIn(String region) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  /** Creates an on-demand table with a string hash key and returns its ARN. */
  public String createTable(String name) {
    return createTable(dynamoDb, name);
  }

  /** {@link #createTable(String)} through {@code client}, in its region. */
  public static String createTable(DynamoDbClient client, String name) {
    return client
        .createTable(
            t ->
                t.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)))
        .tableDescription()
        .tableArn();
  }

  /** A backup made by hand, outside any schedule; returns its ARN. */
  public String createBackup(String table, String backupName) {
    return dynamoDb
        .createBackup(b -> b.tableName(table).backupName(backupName))
        .backupDetails()
        .backupArn();
  }

  /** Every backup of the table, as ListBackups returns them. */
  public List<BackupSummary> backups(String table) {
    List<BackupSummary> all = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      ListBackupsResponse page =
          dynamoDb.listBackups(b -> b.tableName(table).exclusiveStartBackupArn(from));
      all.addAll(page.backupSummaries());
      start = page.lastEvaluatedBackupArn();
    } while (start != null);
    return all;
  }

  public List<String> backupNames(String table) {
    return backups(table).stream().map(BackupSummary::backupName).sorted().toList();
  }

  private boolean answers() {
    try {
      return LoopbackHttp.get(endpoint() + "/moto-api/", Duration.ofSeconds(5)).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (dynamoDb != null) {
      dynamoDb.close();
    }
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
