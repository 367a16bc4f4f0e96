package io.ddbbackup.operator.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One incremental export of a table the test wrote through the {@link ExportFront}, for the replay
 * tests: the table's items at the window's start and end by the test's own writes (the judge), and
 * where the export's manifest-files.json is.
 *
 * @param manifestKey the key of the export's manifest-files.json in {@code bucket}
 * @param atFrom the table at ExportFromTime, by key (id)
 * @param atTo the table at ExportToTime, by key (id)
 */
public record IncrementalExport(
    String bucket,
    String manifestKey,
    Map<String, Map<String, AttributeValue>> atFrom,
    Map<String, Map<String, AttributeValue>> atTo) {

  /**
   * Writes {@code items} items into a new table {@code table} through the front, then in a
   * 15-minute window changes 30% of them, deletes 15%, adds 25% new ones and one that is put and
   * deleted again, changes one more after the window, and exports the window into {@code bucket}
   * (made here) under prefix "chain". The front runs on {@code clock}; its exports take {@code
   * inProgress} of that clock.
   */
  public static IncrementalExport make(
      DynamoDbClient viaFront,
      S3Client s3,
      MutableClock clock,
      Duration inProgress,
      String table,
      String bucket,
      int items) {
    String arn = Moto.createTable(viaFront, table);
    s3.createBucket(b -> b.bucket(bucket));
    viaFront.updateContinuousBackups(
        b ->
            b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    clock.advance(Duration.ofMinutes(1));
    Map<String, Map<String, AttributeValue>> written = new TreeMap<>();
    Writer writer = new Writer(viaFront, table, written);
    for (int i = 0; i < items; i++) {
      writer.put("item-" + i, "base");
    }
    clock.advance(Duration.ofMinutes(1));
    Instant from = clock.instant();
    Map<String, Map<String, AttributeValue>> atFrom = new TreeMap<>(written);
    int changed = items * 30 / 100;
    int deleted = items * 15 / 100;
    for (int i = 0; i < changed; i++) {
      writer.put("item-" + i, "changed");
    }
    clock.advance(Duration.ofMinutes(1));
    for (int i = changed; i < changed + deleted; i++) {
      writer.delete("item-" + i);
    }
    for (int i = items; i < items + items * 25 / 100; i++) {
      writer.put("item-" + i, "new");
    }
    writer.put("short-lived", "new");
    clock.advance(Duration.ofMinutes(1));
    writer.delete("short-lived");
    Instant to = from.plus(Duration.ofMinutes(15));
    clock.set(to);
    Map<String, Map<String, AttributeValue>> atTo = new TreeMap<>(written);
    writer.put("item-0", "after the window");
    clock.advance(Duration.ofMinutes(10));

    ExportDescription started =
        viaFront
            .exportTableToPointInTime(
                e ->
                    e.tableArn(arn)
                        .s3Bucket(bucket)
                        .s3Prefix("chain")
                        .exportType(ExportType.INCREMENTAL_EXPORT)
                        .incrementalExportSpecification(
                            s ->
                                s.exportFromTime(from)
                                    .exportToTime(to)
                                    .exportViewType(ExportViewType.NEW_AND_OLD_IMAGES)))
            .exportDescription();
    clock.advance(inProgress);
    ExportDescription[] done = new ExportDescription[1];
    await("the incremental export completes")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              done[0] =
                  viaFront
                      .describeExport(d -> d.exportArn(started.exportArn()))
                      .exportDescription();
              return !done[0].exportStatusAsString().equals("IN_PROGRESS");
            });
    if (!done[0].exportStatusAsString().equals("COMPLETED")) {
      throw new IllegalStateException("the incremental export ended " + done[0]);
    }
    return new IncrementalExport(
        bucket,
        done[0].exportManifest().replace("manifest-summary.json", "manifest-files.json"),
        atFrom,
        atTo);
  }

  /** The keys of the export's data files, in manifest-files.json's line order. */
  public List<String> dataFiles(S3Client s3) {
    String text = s3.getObjectAsBytes(r -> r.bucket(bucket).key(manifestKey)).asUtf8String();
    List<String> keys = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        keys.add(json(line).path("dataFileS3Key").asText());
      }
    }
    return keys;
  }

  /** The item keys (ids) a data file changes. */
  public Set<String> idsIn(S3Client s3, String dataFile) {
    byte[] gz = s3.getObjectAsBytes(r -> r.bucket(bucket).key(dataFile)).asByteArray();
    Set<String> ids = new LinkedHashSet<>();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          ids.add(json(line).path("Keys").path("id").path("S").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  private static JsonNode json(String text) {
    try {
      return MotoDynamoDb.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes through the front and keeps the test's own account of the table. */
  private record Writer(
      DynamoDbClient client, String table, Map<String, Map<String, AttributeValue>> written) {

    void put(String id, String v) {
      Map<String, AttributeValue> item =
          Map.of(
              "id",
              AttributeValue.fromS(id),
              "v",
              AttributeValue.fromS(v),
              "n",
              AttributeValue.fromN(Integer.toString(v.length())));
      client.putItem(p -> p.tableName(table).item(item));
      written.put(id, item);
    }

    void delete(String id) {
      client.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
      written.remove(id);
    }
  }
}
