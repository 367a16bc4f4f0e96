package io.ddbbackup.operator.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * An incremental export laid out as DynamoDB writes one (gzip data files, a manifest-files.json
 * with each file's MD5 and line count), held in memory as a bucket: the replay's source in tests.
 */
public final class FakeExport implements ReplaySource {

  public static final String MANIFEST =
      "exports/AWSDynamoDB/01234567890123-abcdef01/manifest-files.json";

  public final Map<String, byte[]> objects = new HashMap<>();
  private final List<String> manifestLines = new ArrayList<>();

  /** Adds a data file holding {@code lines}; returns its key. */
  public String file(List<String> lines) {
    String key = "exports/AWSDynamoDB/data/file" + manifestLines.size() + ".json.gz";
    byte[] gz = gzip(String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    objects.put(key, gz);
    manifestLines.add(
        "{\"itemCount\":"
            + lines.size()
            + ",\"md5Checksum\":\""
            + md5(gz)
            + "\",\"etag\":\"x\",\"dataFileS3Key\":\""
            + key
            + "\"}");
    objects.put(MANIFEST, String.join("\n", manifestLines).getBytes(StandardCharsets.UTF_8));
    return key;
  }

  public static String put(String id, String value) {
    return "{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1\"}},\"Keys\":{\"id\":{\"S\":\""
        + id
        + "\"}},\"NewImage\":{\"id\":{\"S\":\""
        + id
        + "\"},\"v\":{\"S\":\""
        + value
        + "\"}},\"OldImage\":{\"id\":{\"S\":\""
        + id
        + "\"},\"v\":{\"S\":\"old\"}}}";
  }

  public static String delete(String id) {
    return "{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1\"}},\"Keys\":{\"id\":{\"S\":\""
        + id
        + "\"}},\"OldImage\":{\"id\":{\"S\":\""
        + id
        + "\"},\"v\":{\"S\":\"old\"}}}";
  }

  @Override
  public Optional<byte[]> object(String key) {
    return Optional.ofNullable(objects.get(key));
  }

  public static byte[] gzip(String text) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String md5(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
