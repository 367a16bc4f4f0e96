package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The record beside each export: its JSON, its key, and the order a listing returns. */
class ExportRecordTest {

  static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");

  static final TableShape ORDERS =
      new TableShape(
          TABLE_ARN,
          "orders",
          List.of(
              new TableShape.KeyElement("customer", "HASH"),
              new TableShape.KeyElement("orderId", "RANGE")),
          List.of(
              new TableShape.AttributeDefinition("customer", "S"),
              new TableShape.AttributeDefinition("orderId", "S"),
              new TableShape.AttributeDefinition("placedAt", "N")),
          List.of(
              new TableShape.Index(
                  "byPlacedAt",
                  List.of(new TableShape.KeyElement("placedAt", "HASH")),
                  "INCLUDE",
                  List.of("total", "status"),
                  new TableShape.Throughput(5, 2))),
          List.of(
              new TableShape.Index(
                  "byCustomerPlacedAt",
                  List.of(
                      new TableShape.KeyElement("customer", "HASH"),
                      new TableShape.KeyElement("placedAt", "RANGE")),
                  "KEYS_ONLY",
                  null,
                  null)),
          "PROVISIONED",
          new TableShape.Throughput(10, 4),
          "NEW_AND_OLD_IMAGES",
          "expiresAt");

  static ExportRecord record(ExportWindow window, String exportId, String previous) {
    return new ExportRecord(
        window,
        TABLE_ARN + "/export/" + exportId,
        "shop/orders",
        ExportDestination.Format.DYNAMODB_JSON,
        1200,
        48_000,
        "shop/orders/AWSDynamoDB/" + exportId + "/manifest-summary.json",
        ORDERS,
        previous,
        new ExportRecord.ScheduleRef("shop", "orders-nightly", "6f1c0f8e-uid"));
  }

  @Test
  void aRecordWrittenAndReadBackIsTheSameRecord() {
    ExportRecord base = record(ExportWindow.full(T0), "01780275600000-aaaa0001", null);
    ExportRecord incremental =
        record(
            ExportWindow.incremental(T0, T0.plus(Duration.ofMinutes(15))),
            "01780276500000-bbbb0002",
            base.key());

    for (ExportRecord r : List.of(base, incremental)) {
      assertThat(ExportRecordJson.read(r.key(), ExportRecordJson.write(r))).isEqualTo(r);
    }
  }

  @Test
  void aRecordWithoutIndexesScheduleOrManifestRoundTripsToo() {
    TableShape plain =
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
            null);
    ExportRecord r =
        new ExportRecord(
            ExportWindow.full(T0),
            TABLE_ARN + "/export/01780275600000-aaaa0001",
            "",
            ExportDestination.Format.ION,
            0,
            0,
            null,
            plain,
            null,
            null);

    assertThat(ExportRecordJson.read(r.key(), ExportRecordJson.write(r))).isEqualTo(r);
    assertThat(r.key())
        .isEqualTo("ddbbackup/chain/20260601T010000Z-full-01780275600000-aaaa0001.json");
    assertThat(r.dataPrefix()).isEqualTo("AWSDynamoDB/01780275600000-aaaa0001/");
  }

  @Test
  void theKeyIsInTheChainFolderBesideAwsFilesNamedByInstantKindAndExportId() {
    ExportRecord r =
        record(
            ExportWindow.incremental(T0, T0.plus(Duration.ofMinutes(15))),
            "01780276500000-bbbb0002",
            null);

    assertThat(r.key())
        .isEqualTo(
            "shop/orders/ddbbackup/chain/20260601T011500Z-incremental-01780276500000-bbbb0002.json");
    assertThat(r.dataPrefix()).isEqualTo("shop/orders/AWSDynamoDB/01780276500000-bbbb0002/");
    assertThat(ChainKeys.isRecordKey("shop/orders", r.key())).isTrue();
    assertThat(ChainKeys.isRecordKey("shop/orders", r.dataPrefix() + "manifest-summary.json"))
        .isFalse();
  }

  /**
   * S3 lists keys in the byte order of their UTF-8 names. The chain is built here in the order its
   * exports reach the table's states: a base, incrementals, a catch-up day, a new base at a full
   * slot where an incremental also ends, across a year and a ten-hour boundary.
   */
  @Test
  void keysInByteOrderAreTheChainInTheOrderOfItsWindows() {
    Instant start = Instant.parse("2026-12-31T08:00:00Z");
    List<ExportRecord> chain = new ArrayList<>();
    chain.add(record(ExportWindow.full(start), "id-00", null));
    Instant t = start;
    for (int i = 1; i <= 12; i++) { // 08:00 to 11:00, past 09:xx and 10:xx
      Instant next = t.plus(Duration.ofMinutes(15));
      chain.add(record(ExportWindow.incremental(t, next), "id-%02d".formatted(i), null));
      t = next;
    }
    Instant dayLater = t.plus(Duration.ofHours(24)); // into 2027
    chain.add(record(ExportWindow.incremental(t, dayLater), "id-13", null));
    // a full slot where an incremental also ends: the new base first, as CHAIN_ORDER says
    chain.add(record(ExportWindow.full(dayLater.plus(Duration.ofHours(1))), "id-15", null));
    chain.add(
        record(
            ExportWindow.incremental(dayLater, dayLater.plus(Duration.ofHours(1))), "id-14", null));
    chain.add(
        record(
            ExportWindow.incremental(
                dayLater.plus(Duration.ofHours(1)), dayLater.plus(Duration.ofHours(2))),
            "id-16",
            null));
    List<String> expected = chain.stream().map(ExportRecord::key).toList();

    List<String> listed = new ArrayList<>(expected);
    Collections.shuffle(listed, new Random(23));
    listed.sort(ExportRecordTest::utf8ByteOrder);

    assertThat(listed).containsExactlyElementsOf(expected);
    assertThat(chain.stream().sorted(ExportRecord.CHAIN_ORDER).map(ExportRecord::key).toList())
        .containsExactlyElementsOf(expected);
  }

  /** The first format, as written by version 1: it stays readable, extra fields ignored. */
  @Test
  void aRecordInFormatOneWithFieldsThisVersionDoesNotKnowIsRead() {
    String v1 =
        """
        {"formatVersion":1,"kind":"INCREMENTAL",
         "exportFromTime":"2026-06-01T01:00:00Z","exportToTime":"2026-06-01T01:15:00Z",
         "exportArn":"arn:aws:dynamodb:eu-west-1:111122223333:table/orders/export/e-2",
         "exportId":"e-2","s3Prefix":"shop/orders","dataPrefix":"shop/orders/AWSDynamoDB/e-2/",
         "exportFormat":"ION","itemCount":7,"billedSizeBytes":1024,
         "previous":"shop/orders/ddbbackup/chain/20260601T010000Z-full-e-1.json",
         "addedLater":{"anything":[1,2,3]},
         "table":{"tableArn":"arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
          "tableName":"orders","keySchema":[{"attributeName":"id","keyType":"HASH"}],
          "attributeDefinitions":[{"attributeName":"id","attributeType":"S"}],
          "billingMode":"PAY_PER_REQUEST","globalSecondaryIndexes":[],"localSecondaryIndexes":[],
          "replicas":["us-east-1"]}}
        """;

    ExportRecord r = ExportRecordJson.read("k", v1.getBytes(StandardCharsets.UTF_8));

    assertThat(r.window())
        .isEqualTo(
            ExportWindow.incremental(
                Instant.parse("2026-06-01T01:00:00Z"), Instant.parse("2026-06-01T01:15:00Z")));
    assertThat(r.exportId()).isEqualTo("e-2");
    assertThat(r.format()).isEqualTo(ExportDestination.Format.ION);
    assertThat(r.itemCount()).isEqualTo(7);
    assertThat(r.billedBytes()).isEqualTo(1024);
    assertThat(r.previous()).endsWith("20260601T010000Z-full-e-1.json");
    assertThat(r.table().keySchema()).containsExactly(new TableShape.KeyElement("id", "HASH"));
    assertThat(r.table().billingMode()).isEqualTo("PAY_PER_REQUEST");
    assertThat(r.schedule()).isNull();
    assertThat(r.key())
        .isEqualTo("shop/orders/ddbbackup/chain/20260601T011500Z-incremental-e-2.json");
  }

  @Test
  void aRecordOfANewerFormatIsRefusedNamingItsKeyAndTheFix() {
    String v2 = "{\"formatVersion\":2,\"kind\":\"FULL\",\"somethingNew\":true}";

    assertThatThrownBy(
            () ->
                ExportRecordJson.read(
                    "p/ddbbackup/chain/x.json", v2.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.RECORD_UNREADABLE))
        .hasMessageContaining("p/ddbbackup/chain/x.json")
        .hasMessageContaining("format 2")
        .hasMessageContaining("up to 1")
        .hasMessageContaining("newer dynamodb-backup-operator");
  }

  @Test
  void whatIsNotARecordIsRefusedSayingWhy() {
    assertThatThrownBy(() -> ExportRecordJson.read("k1", "{\"kind\":\"FULL\"}".getBytes()))
        .hasMessageContaining("k1")
        .hasMessageContaining("no formatVersion");
    assertThatThrownBy(() -> ExportRecordJson.read("k2", "<xml/>".getBytes()))
        .hasMessageContaining("k2")
        .hasMessageContaining("not JSON");
    String noWindowEnd =
        "{\"formatVersion\":1,\"kind\":\"INCREMENTAL\",\"exportFromTime\":\"2026-06-01T01:00:00Z\"}";
    assertThatThrownBy(() -> ExportRecordJson.read("k3", noWindowEnd.getBytes()))
        .isInstanceOfSatisfying(
            BackupStoreException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.RECORD_UNREADABLE))
        .hasMessageContaining("exportToTime");
  }

  @Test
  void onlyACompletedExportIsRecordedWithDynamoDbsCounts() {
    ExportDestination destination =
        new ExportDestination(
            "offsite",
            null,
            "shop/orders",
            ExportDestination.Sse.AES256,
            null,
            ExportDestination.Format.DYNAMODB_JSON);
    Export done =
        new Export(
            TABLE_ARN + "/export/e-1",
            Export.State.COMPLETED,
            null,
            "tok",
            42L,
            4096L,
            "shop/orders/AWSDynamoDB/e-1/manifest-summary.json",
            null,
            null,
            T0,
            T0.plusSeconds(600));

    ExportRecord r = ExportRecord.of(destination, ExportWindow.full(T0), done, ORDERS, null, null);

    assertThat(r.itemCount()).isEqualTo(42);
    assertThat(r.billedBytes()).isEqualTo(4096);
    assertThat(r.manifest()).isEqualTo("shop/orders/AWSDynamoDB/e-1/manifest-summary.json");
    Export running =
        new Export(
            done.arn(),
            Export.State.IN_PROGRESS,
            null,
            "tok",
            null,
            null,
            null,
            null,
            null,
            T0,
            null);
    assertThatThrownBy(
            () -> ExportRecord.of(destination, ExportWindow.full(T0), running, ORDERS, null, null))
        .hasMessageContaining("IN_PROGRESS");
  }

  private static int utf8ByteOrder(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
