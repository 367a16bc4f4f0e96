package io.ddbbackup.operator.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes an export's objects into moto's S3 the way DynamoDB lays them out (Developer Guide,
 * "DynamoDB table export output format"), through S3 PutObject as the bucket's account:
 *
 * <pre>
 * &lt;prefix&gt;/AWSDynamoDB/&lt;ExportId&gt;/_started                (empty, written when the export starts)
 * &lt;prefix&gt;/AWSDynamoDB/&lt;ExportId&gt;/manifest-summary.json     (+ .md5: base64 MD5 of it)
 * &lt;prefix&gt;/AWSDynamoDB/&lt;ExportId&gt;/manifest-files.json       (+ .md5; one JSON line per data file)
 * &lt;prefix&gt;/AWSDynamoDB/&lt;ExportId&gt;/data/&lt;name&gt;.json.gz       (full export)
 * &lt;prefix&gt;/AWSDynamoDB/data/&lt;name&gt;.json.gz                  (incremental: the shared data folder)
 * </pre>
 *
 * The guide names the checksum files {@code .checksum}; exports observed in S3 carry {@code .md5}
 * files of 24 bytes, which is what is written here. Items are spread over several data files by key
 * hash, some possibly empty, as one file per partition is.
 */
final class ExportFiles {

  /** A failure S3 gave, as DescribeExport's FailureCode and FailureMessage say it. */
  record Failure(String code, String message) {}

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String endpoint;
  private final int dataFiles;
  private final Set<String> denied;
  private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

  ExportFiles(String endpoint, int dataFiles, Set<String> denied) {
    this.endpoint = endpoint;
    this.dataFiles = dataFiles;
    this.denied = denied;
  }

  /** Writes {@code _started}: the check that the bucket is there and writable. */
  Failure started(ExportTask task) {
    try {
      Failure owner = owner(task);
      if (owner != null) {
        return owner;
      }
      put(task, task.root() + task.id + "/_started", new byte[0]);
      return null;
    } catch (NoSuchBucketException e) {
      return new Failure("S3NoSuchBucket", "The specified bucket does not exist");
    } catch (BucketDenied e) {
      return new Failure("S3AccessDenied", "Access Denied");
    }
  }

  /**
   * moto finds a bucket by name in whichever account holds it; S3 does not let an export write to
   * another account's bucket unless S3BucketOwner names that account (the API reference: "a
   * required parameter when exporting to a S3 bucket in another account"), and S3 answers a wrong
   * expected owner with 403.
   */
  private Failure owner(ExportTask task) {
    S3Client s3 = client(task.region);
    boolean owned =
        s3
            .listBuckets(
                r ->
                    r.overrideConfiguration(
                        o -> o.putHeader("x-moto-account-id", task.bucketAccount())))
            .buckets()
            .stream()
            .anyMatch(b -> b.name().equals(task.bucket));
    if (owned) {
      return null;
    }
    try {
      s3.headBucket(r -> r.bucket(task.bucket));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return new Failure("S3NoSuchBucket", "The specified bucket does not exist");
      }
      throw e;
    }
    return new Failure(
        "S3AccessDenied",
        "Access Denied: bucket "
            + task.bucket
            + " is not owned by account "
            + task.bucketAccount()
            + " (S3BucketOwner names the bucket's account)");
  }

  /** Writes data files and manifests; sets the task's item count, billed size and manifest. */
  Failure complete(ExportTask task) {
    try {
      List<String> lines = task.incremental ? incrementalLines(task) : fullLines(task);
      List<List<String>> files = new ArrayList<>();
      for (int i = 0; i < dataFiles; i++) {
        files.add(new ArrayList<>());
      }
      for (String line : lines) {
        files.get(Math.floorMod(line.hashCode(), dataFiles)).add(line);
      }
      String dataFolder =
          task.incremental ? task.root() + "data/" : task.root() + task.id + "/data/";
      StringBuilder manifestFiles = new StringBuilder();
      long billed = 0;
      for (List<String> file : files) {
        byte[] gz = gzip(file);
        String key = dataFolder + name() + ".json.gz";
        String etag = put(task, key, gz);
        ObjectNode entry = MotoDynamoDb.JSON.createObjectNode();
        entry.put("itemCount", file.size());
        entry.put("md5Checksum", md5Base64(gz));
        entry.put("etag", etag);
        entry.put("dataFileS3Key", key);
        manifestFiles.append(entry).append('\n');
        for (String line : file) {
          billed += line.getBytes(StandardCharsets.UTF_8).length;
        }
      }
      String dir = task.root() + task.id + "/";
      byte[] filesJson = manifestFiles.toString().getBytes(StandardCharsets.UTF_8);
      put(task, dir + "manifest-files.json", filesJson);
      put(task, dir + "manifest-files.md5", md5Base64(filesJson).getBytes(StandardCharsets.UTF_8));
      task.itemCount = (long) lines.size();
      task.billedSizeBytes = billed;
      byte[] summary = summary(task, dir + "manifest-files.json").getBytes(StandardCharsets.UTF_8);
      put(task, dir + "manifest-summary.json", summary);
      put(task, dir + "manifest-summary.md5", md5Base64(summary).getBytes(StandardCharsets.UTF_8));
      task.manifest = dir + "manifest-summary.json";
      return null;
    } catch (NoSuchBucketException e) {
      return new Failure("S3NoSuchBucket", "The specified bucket does not exist");
    } catch (BucketDenied e) {
      return new Failure("S3AccessDenied", "Access Denied");
    }
  }

  private List<String> fullLines(ExportTask task) {
    List<String> lines = new ArrayList<>();
    for (ObjectNode item : task.table.stateAt(task.exportTime).values()) {
      ObjectNode line = MotoDynamoDb.JSON.createObjectNode();
      line.set("Item", item);
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * One line per item changed in the window, with its final state: {@code Keys}, {@code NewImage}
   * (absent when the item ended deleted), {@code OldImage} (NEW_AND_OLD_IMAGES only; absent when
   * the item was new in the window) and the last write's time in {@code Metadata}.
   */
  private List<String> incrementalLines(ExportTask task) {
    List<String> lines = new ArrayList<>();
    for (ChangeLog.Net n : task.table.changesIn(task.from, task.to)) {
      ObjectNode line = MotoDynamoDb.JSON.createObjectNode();
      long micros = n.last().getEpochSecond() * 1_000_000L + n.last().getNano() / 1_000L;
      line.putObject("Metadata").putObject("WriteTimestampMicros").put("N", Long.toString(micros));
      line.set("Keys", n.keys());
      if (n.newImage() != null) {
        line.set("NewImage", n.newImage());
      }
      if (n.oldImage() != null && task.viewType.equals("NEW_AND_OLD_IMAGES")) {
        line.set("OldImage", n.oldImage());
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private String summary(ExportTask task, String manifestFilesKey) {
    ObjectNode s = MotoDynamoDb.JSON.createObjectNode();
    // the guide's two summary versions: 2020-06-30 for full exports, 2023-08-01 for incremental
    s.put("version", task.incremental ? "2023-08-01" : "2020-06-30");
    s.put("exportArn", task.arn);
    s.put("startTime", ISO.format(task.requested));
    s.put("endTime", ISO.format(task.endTime));
    s.put("tableArn", task.table.tableArn());
    s.put("tableId", task.table.tableId());
    if (task.incremental) {
      s.put("exportFromTime", ISO.format(task.from));
      s.put("exportToTime", ISO.format(task.to));
    } else {
      s.put("exportTime", ISO.format(task.exportTime));
    }
    s.put("s3Bucket", task.bucket);
    s.put("s3Prefix", task.prefix);
    s.put("s3SseAlgorithm", task.sseAlgorithm == null ? "AES256" : task.sseAlgorithm);
    s.put("s3SseKmsKeyId", task.kmsKeyId);
    s.put("manifestFilesS3Key", manifestFilesKey);
    s.put("billedSizeBytes", task.billedSizeBytes);
    s.put("itemCount", task.itemCount);
    s.put("outputFormat", task.format);
    if (task.incremental) {
      s.put("outputView", task.viewType);
      s.put("exportType", "INCREMENTAL_EXPORT");
    }
    return s.toString();
  }

  /** PutObject as the bucket's account; returns the ETag without quotes. */
  private String put(ExportTask task, String key, byte[] content) {
    if (denied.contains(task.bucket)) {
      throw new BucketDenied();
    }
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(task.bucket)
            .key(key)
            .overrideConfiguration(o -> o.putHeader("x-moto-account-id", task.bucketAccount()));
    if ("KMS".equals(task.sseAlgorithm)) {
      request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(task.kmsKeyId);
    } else {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    }
    String etag =
        client(task.region).putObject(request.build(), RequestBody.fromBytes(content)).eTag();
    return etag == null ? "" : etag.replace("\"", "");
  }

  private S3Client client(String region) {
    return clients.computeIfAbsent(region, r -> MotoS3.client(endpoint, r));
  }

  static String md5Base64(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(List<String> lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (String line : lines) {
        gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A data file name as DynamoDB makes them: 26 characters of base32. */
  private static String name() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  void close() {
    clients.values().forEach(S3Client::close);
  }

  /** The test said the bucket's policy refuses the export's writes. */
  private static final class BucketDenied extends RuntimeException {}

  static Instant parseIso(String text) {
    return Instant.from(ISO.parse(text));
  }
}
