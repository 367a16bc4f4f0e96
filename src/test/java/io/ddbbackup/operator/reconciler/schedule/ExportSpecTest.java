package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.ExportSpec;
import io.ddbbackup.operator.export.ExportDestination;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.export as the reconciler reads it: defaults filled in, each mistake named with its fix. */
class ExportSpecTest {

  static DynamoDBBackupSchedule schedule(Consumer<ExportSpec> customize) {
    ExportSpec export = new ExportSpec();
    export.setS3Bucket("offsite-backups");
    export.setFull("0 2 * * *");
    customize.accept(export);
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName("orders");
    spec.setSchedule("0 3 * * *");
    spec.setTimeZone("Europe/Berlin");
    spec.setExport(export);
    DynamoDBBackupSchedule s = new DynamoDBBackupSchedule();
    s.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("orders").build());
    s.setSpec(spec);
    return s;
  }

  @Test
  void defaultsAreThePrefixOfTheScheduleSseS3AndDynamoDbJson() {
    SpecValidator.Result result = SpecValidator.validate(schedule(e -> {}));

    assertThat(result.problems()).isEmpty();
    ExportSettings export = result.settings().export();
    assertThat(export.destination())
        .isEqualTo(
            new ExportDestination(
                "offsite-backups",
                null,
                "shop/orders",
                ExportDestination.Sse.AES256,
                null,
                ExportDestination.Format.DYNAMODB_JSON));
    assertThat(export.cadence().incremental()).isFalse();
    assertThat(export.requireObjectLock()).isFalse();
    // the full cron runs in the schedule's zone: 02:00 in Berlin is 01:00 UTC in winter
    assertThat(export.cadence().full().nextAfter(Instant.parse("2026-01-14T12:00:00Z")))
        .contains(Instant.parse("2026-01-15T01:00:00Z"));
  }

  @Test
  void everyFieldSetIsCarried() {
    SpecValidator.Result result =
        SpecValidator.validate(
            schedule(
                e -> {
                  e.setS3BucketOwner("210987654321");
                  e.setS3Prefix("dynamodb/orders");
                  e.setSse(ExportSpec.Sse.KMS);
                  e.setKmsKeyId("alias/offsite");
                  e.setFormat(ExportSpec.Format.ION);
                  e.setIncrementalPeriod("1h30m");
                  e.setRequireObjectLock(true);
                }));

    assertThat(result.problems()).isEmpty();
    ExportSettings export = result.settings().export();
    assertThat(export.destination())
        .isEqualTo(
            new ExportDestination(
                "offsite-backups",
                "210987654321",
                "dynamodb/orders",
                ExportDestination.Sse.KMS,
                "alias/offsite",
                ExportDestination.Format.ION));
    assertThat(export.cadence().incrementalPeriod()).isEqualTo(Duration.ofMinutes(90));
    assertThat(export.requireObjectLock()).isTrue();
  }

  @Test
  void theSampleIsValid() throws java.io.IOException {
    DynamoDBBackupSchedule sample =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
            .unmarshal(
                java.nio.file.Files.readString(
                    java.nio.file.Path.of("config/samples/orders-offsite.yaml")),
                DynamoDBBackupSchedule.class);
    sample.getMetadata().setNamespace("shop");

    SpecValidator.Result result = SpecValidator.validate(sample);

    assertThat(result.problems()).isEmpty();
    assertThat(result.settings().export().destination().prefix()).isEqualTo("orders");
    assertThat(result.settings().export().cadence().incrementalPeriod())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void noExportSpecIsNoExports() {
    DynamoDBBackupSchedule s = schedule(e -> {});
    s.getSpec().setExport(null);
    assertThat(SpecValidator.validate(s).settings().export()).isNull();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setS3Bucket(null), "spec.export.s3Bucket is required"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setS3Bucket("Offsite_Backups"),
            "spec.export.s3Bucket \"Offsite_Backups\" is not an S3 bucket name"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setS3BucketOwner("2109-8765"),
            "spec.export.s3BucketOwner \"2109-8765\" is not an AWS account id: write the 12"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setS3Prefix("/orders/"),
            "spec.export.s3Prefix \"/orders/\" must not be empty nor start or end with a slash"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setSse(ExportSpec.Sse.KMS),
            "spec.export.kmsKeyId is required with sse KMS"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setKmsKeyId("alias/offsite"),
            "spec.export.kmsKeyId applies only with sse KMS: set sse: KMS or remove kmsKeyId"),
        Arguments.of((Consumer<ExportSpec>) e -> e.setFull(null), "spec.export.full is required"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setFull("0 2 * *"), "spec.export.full \"0 2 * *\""),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setIncrementalPeriod("10m"),
            "spec.export.incrementalPeriod \"10m\" is outside DynamoDB's bounds"),
        Arguments.of(
            (Consumer<ExportSpec>) e -> e.setIncrementalPeriod("2d"),
            "spec.export.incrementalPeriod \"2d\" is not a period"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void aMistakeIsNamedWithItsField(Consumer<ExportSpec> mistake, String expected) {
    SpecValidator.Result result = SpecValidator.validate(schedule(mistake));

    assertThat(result.valid()).isFalse();
    assertThat(result.message()).contains(expected);
  }
}
