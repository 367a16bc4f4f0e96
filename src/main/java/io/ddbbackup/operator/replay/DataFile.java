package io.ddbbackup.operator.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of an export's {@code manifest-files.json}: a data file, how many lines it holds and the
 * base64 MD5 of its (gzip) object.
 *
 * @param index its place in the manifest, from 0: the file belongs to shard {@code index % shards}
 * @param key the data file's full key in the bucket
 * @param itemCount the lines it holds
 * @param md5Checksum base64 MD5 of the object as stored
 */
public record DataFile(int index, String key, long itemCount, String md5Checksum) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The data files of {@code manifest} (its text), in its line order. */
  public static List<DataFile> parseManifest(String manifest, String manifestKey) {
    List<DataFile> files = new ArrayList<>();
    int lineNumber = 0;
    for (String line : manifest.split("\n")) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (Exception e) {
        throw unreadable(manifestKey, lineNumber, "is not JSON");
      }
      JsonNode key = entry.get("dataFileS3Key");
      JsonNode count = entry.get("itemCount");
      JsonNode md5 = entry.get("md5Checksum");
      if (key == null || !key.isTextual() || key.asText().isBlank()) {
        throw unreadable(manifestKey, lineNumber, "has no dataFileS3Key");
      }
      if (count == null || !count.canConvertToLong() || count.asLong() < 0) {
        throw unreadable(manifestKey, lineNumber, "has no itemCount");
      }
      if (md5 == null || !md5.isTextual() || md5.asText().isBlank()) {
        throw unreadable(manifestKey, lineNumber, "has no md5Checksum");
      }
      files.add(new DataFile(files.size(), key.asText(), count.asLong(), md5.asText()));
    }
    return files;
  }

  /** The files of shard {@code shard} of {@code shards}: file i is shard i % shards's. */
  public static List<DataFile> ofShard(List<DataFile> files, int shard, int shards) {
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard " + shard + " is not in 0.." + (shards - 1));
    }
    return files.stream().filter(f -> f.index() % shards == shard).toList();
  }

  private static ReplayFailure unreadable(String manifestKey, int line, String what) {
    return new ReplayFailure(
        ReplayFailure.Kind.BAD_DATA,
        "line "
            + line
            + " of "
            + manifestKey
            + " "
            + what
            + " (not an export's manifest-files.json)");
  }
}
