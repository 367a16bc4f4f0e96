package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads DynamoDB exports back from S3 (moto's, in the tests) the way a restore would: from the
 * bucket and prefix alone, through the manifests. Every manifest's {@code .md5} and every data
 * file's {@code md5Checksum} and {@code itemCount} are checked; a mismatch is an {@link
 * IllegalStateException}. {@link #chain} replays the newest full export and the incremental exports
 * after it, window by window, into the items the table held at the chain's end.
 */
public final class ExportReader {

  /**
   * One completed export, from its {@code manifest-summary.json}.
   *
   * @param arn the export's ARN
   * @param incremental true for an INCREMENTAL_EXPORT
   * @param exportTime a full export's ExportTime (null for an incremental)
   * @param from an incremental's ExportFromTime (null for a full export)
   * @param to an incremental's ExportToTime (null for a full export)
   * @param itemCount the summary's itemCount
   * @param summaryKey where the summary is
   * @param summary the summary as read
   */
  public record Export(
      String arn,
      boolean incremental,
      Instant exportTime,
      Instant from,
      Instant to,
      long itemCount,
      String summaryKey,
      JsonNode summary) {

    /** Where the chain stands once this export is applied. */
    public Instant end() {
      return incremental ? to : exportTime;
    }
  }

  /**
   * The items of a chain.
   *
   * @param base the full export it starts from
   * @param applied the incremental exports applied after it, in window order
   * @param through the time the items are the table's state just before
   * @param gapAt where the next incremental should have started but none did while a later one
   *     exists, or null when the chain is unbroken
   * @param items the table's items, by key (see {@link #keyOf})
   */
  public record Chain(
      Export base,
      List<Export> applied,
      Instant through,
      Instant gapAt,
      Map<String, Map<String, AttributeValue>> items) {

    public List<Map<String, AttributeValue>> itemList() {
      return List.copyOf(items.values());
    }
  }

  private final S3Client s3;
  private final String bucket;
  private final String root;

  /** Reads exports under {@code prefix} (null: none) in {@code bucket} through {@code s3}. */
  public ExportReader(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.root = (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + "AWSDynamoDB/";
  }

  /** Every completed export under the prefix (those with a summary), oldest end first. */
  public List<Export> exports() {
    List<Export> exports = new ArrayList<>();
    for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(root)).contents()) {
      if (o.key().endsWith("/manifest-summary.json")) {
        exports.add(summary(o.key()));
      }
    }
    exports.sort(Comparator.comparing(Export::end));
    return exports;
  }

  /** The items a full export holds, by key. */
  public Map<String, Map<String, AttributeValue>> fullItems(Export full, List<String> keyNames) {
    Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    for (JsonNode line : lines(full)) {
      JsonNode item = line.get("Item");
      items.put(keyOf(item, keyNames), DynamoJson.item(item));
    }
    return items;
  }

  /** The lines of an export's data files, as JSON (checksums checked). */
  public List<JsonNode> lines(Export export) {
    String manifest = export.summary().path("manifestFilesS3Key").asText();
    byte[] manifestBytes = get(manifest);
    checkMd5(manifest, manifestBytes, manifest.replaceAll("\\.json$", ".md5"));
    List<JsonNode> lines = new ArrayList<>();
    for (String entryText : text(manifestBytes).split("\n")) {
      if (entryText.isBlank()) {
        continue;
      }
      JsonNode entry = parse(entryText);
      String key = entry.path("dataFileS3Key").asText();
      byte[] gz = get(key);
      if (!ExportFiles.md5Base64(gz).equals(entry.path("md5Checksum").asText())) {
        throw new IllegalStateException(key + " does not match its md5Checksum in " + manifest);
      }
      int count = 0;
      for (String line : text(gunzip(gz)).split("\n")) {
        if (!line.isBlank()) {
          lines.add(parse(line));
          count++;
        }
      }
      if (count != entry.path("itemCount").asInt()) {
        throw new IllegalStateException(
            key + " holds " + count + " lines; " + manifest + " says " + entry.path("itemCount"));
      }
    }
    return lines;
  }

  /**
   * The newest full export and, window after window from its ExportTime, the incremental exports
   * after it: the items the table held at the end of the last window that joins on.
   */
  public Chain chain(List<String> keyNames) {
    List<Export> all = exports();
    Export base =
        all.stream()
            .filter(e -> !e.incremental())
            .max(Comparator.comparing(Export::exportTime))
            .orElseThrow(() -> new IllegalStateException("no full export under " + root));
    Map<String, Map<String, AttributeValue>> items = fullItems(base, keyNames);
    List<Export> applied = new ArrayList<>();
    Instant through = base.exportTime();
    Instant gap = null;
    List<Export> incrementals =
        all.stream()
            .filter(Export::incremental)
            .filter(e -> !e.from().isBefore(base.exportTime()))
            .sorted(Comparator.comparing(Export::from))
            .toList();
    for (Export inc : incrementals) {
      if (!inc.from().equals(through)) {
        gap = through;
        break;
      }
      for (JsonNode line : lines(inc)) {
        String key = keyOf(line.get("Keys"), keyNames);
        if (line.hasNonNull("NewImage")) {
          items.put(key, DynamoJson.item(line.get("NewImage")));
        } else {
          items.remove(key);
        }
      }
      applied.add(inc);
      through = inc.to();
    }
    return new Chain(base, applied, through, gap, items);
  }

  /** A string equal for two items (or keys) exactly when their key attributes are equal. */
  public static String keyOf(JsonNode itemOrKeys, List<String> keyNames) {
    StringBuilder key = new StringBuilder();
    for (String name : keyNames) {
      key.append(name).append('=').append(itemOrKeys.get(name)).append(';');
    }
    return key.toString();
  }

  private Export summary(String key) {
    byte[] bytes = get(key);
    checkMd5(key, bytes, key.replaceAll("\\.json$", ".md5"));
    JsonNode s = parse(text(bytes));
    boolean incremental = s.path("exportType").asText().equals("INCREMENTAL_EXPORT");
    return new Export(
        s.path("exportArn").asText(),
        incremental,
        incremental ? null : ExportFiles.parseIso(s.path("exportTime").asText()),
        incremental ? ExportFiles.parseIso(s.path("exportFromTime").asText()) : null,
        incremental ? ExportFiles.parseIso(s.path("exportToTime").asText()) : null,
        s.path("itemCount").asLong(),
        key,
        s);
  }

  private void checkMd5(String key, byte[] content, String md5Key) {
    String expected = text(get(md5Key)).trim();
    if (!ExportFiles.md5Base64(content).equals(expected)) {
      throw new IllegalStateException(key + " does not match " + md5Key);
    }
  }

  private byte[] get(String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
  }

  private static byte[] gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String json) {
    try {
      return MotoDynamoDb.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
