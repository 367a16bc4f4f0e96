package io.ddbbackup.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.export.BucketProtections;
import io.ddbbackup.operator.export.ChainLocation;
import io.ddbbackup.operator.export.ExportBucket;
import io.ddbbackup.operator.export.ExportDestination;
import io.ddbbackup.operator.export.ExportRecord;
import io.ddbbackup.operator.export.ExportWindow;
import io.ddbbackup.operator.export.TableShape;
import io.ddbbackup.operator.testing.Moto;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The export bucket adapter against moto's S3 (a real S3 protocol server, unlike WireMock's stubs):
 * a chain written record by record is read back whole, in order, from the bucket and prefix alone,
 * and a bucket's protections are what the test set on it with its own client.
 */
class S3ExportBucketMotoIT {

  @TempDir static Path work;

  private static Moto moto;
  private static S3Client testS3;
  private static final SystemProperties properties = new SystemProperties();
  private static final TableTarget AS = new TableTarget("orders", Moto.REGION, null);
  private static final String TABLE_ARN =
      "arn:aws:dynamodb:" + Moto.REGION + ":" + Moto.ACCOUNT + ":table/orders";
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @BeforeAll
  static void startMoto() {
    moto = new Moto(work).start();
    properties.set("aws.endpointUrlS3", moto.endpoint()).set("aws.endpointUrlSts", moto.endpoint());
    testS3 =
        S3Client.builder()
            .endpointOverride(URI.create(moto.endpoint()))
            .forcePathStyle(true)
            .region(Region.of(Moto.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .build();
  }

  @AfterAll
  static void stopMoto() {
    if (testS3 != null) {
      testS3.close();
    }
    properties.close();
    if (moto != null) {
      moto.close();
    }
  }

  private static ExportDestination destination(String bucket) {
    return new ExportDestination(
        bucket,
        null,
        "shop/orders",
        ExportDestination.Sse.AES256,
        null,
        ExportDestination.Format.DYNAMODB_JSON);
  }

  private static ExportRecord record(ExportWindow window, String id, String previous) {
    return new ExportRecord(
        window,
        TABLE_ARN + "/export/" + id,
        "shop/orders",
        ExportDestination.Format.DYNAMODB_JSON,
        3,
        512,
        null,
        new TableShape(
            TABLE_ARN,
            "orders",
            List.of(new TableShape.KeyElement("id", "HASH")),
            List.of(new TableShape.AttributeDefinition("id", "S")),
            null,
            null,
            "PAY_PER_REQUEST",
            null,
            null,
            null),
        previous,
        new ExportRecord.ScheduleRef("shop", "orders", "uid-1"));
  }

  private static void createBucket(String name, boolean objectLock) {
    testS3.createBucket(
        b ->
            b.bucket(name)
                .objectLockEnabledForBucket(objectLock)
                .createBucketConfiguration(c -> c.locationConstraint(Moto.REGION)));
  }

  @Test
  void aChainWrittenOutOfOrderIsReadBackWholeAndInOrderFromTheBucketAlone() {
    createBucket("chain-bucket", false);
    // a base and 30 hourly windows, across a ten-hour boundary of the key's digits
    List<ExportRecord> written = new ArrayList<>();
    ExportRecord base = record(ExportWindow.full(T0), "e-000", null);
    written.add(base);
    Instant from = T0;
    for (int i = 1; i <= 30; i++) {
      Instant to = from.plus(Duration.ofHours(1));
      written.add(
          record(
              ExportWindow.incremental(from, to),
              "e-%03d".formatted(i),
              written.get(written.size() - 1).key()));
      from = to;
    }
    try (DynamoDb dynamo = DynamoDb.connect(AwsWire.fastSettings(), staticTesting());
        ExportBucket bucket = dynamo.exportBucket()) {
      // records complete in any order; the key, not the write order, makes the chain's order
      List<ExportRecord> writeOrder = new ArrayList<>(written);
      java.util.Collections.reverse(writeOrder);
      for (ExportRecord r : writeOrder) {
        bucket.writeRecord(AS, destination("chain-bucket"), r);
      }
      bucket.writeRecord(AS, destination("chain-bucket"), written.get(5)); // written again
      // a neighbour whose prefix starts with the same letters is not part of this chain
      ExportRecord neighbour =
          new ExportRecord(
              base.window(),
              TABLE_ARN + "/export/other",
              "shop/orders-archive",
              base.format(),
              1,
              1,
              null,
              base.table(),
              null,
              null);
      bucket.writeRecord(
          AS,
          new ExportDestination(
              "chain-bucket",
              null,
              "shop/orders-archive",
              ExportDestination.Sse.AES256,
              null,
              ExportDestination.Format.DYNAMODB_JSON),
          neighbour);
      testS3.putObject(
          p -> p.bucket("chain-bucket").key("shop/orders/ddbbackup/chain/README.txt"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("not a record"));

      List<ExportRecord> chain =
          bucket.readChain(AS, new ChainLocation("chain-bucket", null, "shop/orders"));

      assertThat(chain).containsExactlyElementsOf(written);
    }
    // what the bucket holds, seen by the test's own client: one object per record, encrypted
    List<String> keys =
        testS3
            .listObjectsV2Paginator(l -> l.bucket("chain-bucket").prefix("shop/orders/ddbbackup/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .filter(k -> k.endsWith(".json"))
            .toList();
    assertThat(keys).containsExactlyElementsOf(written.stream().map(ExportRecord::key).toList());
    assertThat(
            testS3
                .headObject(h -> h.bucket("chain-bucket").key(base.key()))
                .serverSideEncryptionAsString())
        .isEqualTo("AES256");
  }

  @Test
  void protectionsAreWhatTheBucketWasGiven() {
    createBucket("locked-bucket", true);
    testS3.putObjectLockConfiguration(
        p ->
            p.bucket("locked-bucket")
                .objectLockConfiguration(
                    c ->
                        c.objectLockEnabled("Enabled")
                            .rule(
                                r ->
                                    r.defaultRetention(
                                        d ->
                                            d.mode(ObjectLockRetentionMode.COMPLIANCE).days(30)))));
    createBucket("plain-bucket", false);

    try (DynamoDb dynamo = DynamoDb.connect(AwsWire.fastSettings(), staticTesting());
        ExportBucket bucket = dynamo.exportBucket()) {
      BucketProtections locked = bucket.protections(AS, destination("locked-bucket"));
      BucketProtections plain = bucket.protections(AS, destination("plain-bucket"));

      assertThat(locked.versioning()).isEqualTo(BucketProtections.Versioning.ENABLED);
      assertThat(locked.objectLock().defaultRetention())
          .isEqualTo(new BucketProtections.Retention(BucketProtections.Mode.COMPLIANCE, 30, 0));
      assertThat(locked.unmetBy(true)).isEmpty();
      // S3 refuses a write to a bucket with a default retention without a checksum or
      // Content-MD5; the SDK's checksum is what lets the record in
      ExportRecord lockedRecord = record(ExportWindow.full(T0), "e-locked", null);
      bucket.writeRecord(AS, destination("locked-bucket"), lockedRecord);
      assertThat(
              testS3
                  .headObject(h -> h.bucket("locked-bucket").key(lockedRecord.key()))
                  .contentLength())
          .isPositive();
      assertThat(plain.versioning()).isEqualTo(BucketProtections.Versioning.NEVER_ENABLED);
      assertThat(plain.objectLock()).isEqualTo(BucketProtections.ObjectLock.NONE);
      assertThat(plain.unmetBy(true)).isPresent();
      assertThatThrownBy(() -> bucket.protections(AS, destination("no-such-bucket")))
          .isInstanceOfSatisfying(
              BackupStoreException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.BUCKET_NOT_FOUND))
          .hasMessageContaining("export bucket no-such-bucket does not exist");
    }
  }

  private static StaticCredentialsProvider staticTesting() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }
}
