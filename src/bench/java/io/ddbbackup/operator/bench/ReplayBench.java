package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.app.ReplayCommand;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code scripts/bench.sh replay}: one incremental export of BENCH_REPLAY_ITEMS (100,000) changed
 * items, in DynamoDB's layout (BENCH_REPLAY_FILES gzip data files and a manifest-files.json with
 * their MD5 and line counts) in moto's S3, replayed into a tagged table in moto's DynamoDB by
 * BENCH_REPLAY_SHARDS pods at once, each the replay command's entry point on a thread of its own,
 * as a Job with that parallelism runs them. One change in ten is a delete of an item the table held
 * before; BENCH_REPLAY_WPS sets the per-pod ceiling (none by default). The table's item count is
 * checked afterwards by a Scan of the bench's own.
 */
final class ReplayBench {

  private static final String BUCKET = "bench-exports";
  private static final String TABLE = "bench-restored";
  private static final String UID = "b3e1c0de-0000-4000-8000-000000000100";

  private ReplayBench() {}

  static void run(Report report) throws Exception {
    int items = Bench.setting("BENCH_REPLAY_ITEMS", 100_000);
    int files = Bench.setting("BENCH_REPLAY_FILES", 8);
    int shards = Bench.setting("BENCH_REPLAY_SHARDS", 4);
    int ceiling = Bench.setting("BENCH_REPLAY_WPS", 0);
    int deletes = items / 10;
    Path work = Files.createDirectories(Path.of("target/bench/replay-moto"));
    try (Moto moto = new Moto(work).start();
        S3Client s3 = MotoS3.client(moto.endpoint(), Moto.REGION)) {
      DynamoDbClient dynamoDb = moto.dynamoDb();
      s3.createBucket(b -> b.bucket(BUCKET));
      String arn = Moto.createTable(dynamoDb, TABLE);
      dynamoDb.tagResource(
          t -> t.resourceArn(arn).tags(g -> g.key("ddbbackup.io/restore-uid").value(UID)));
      preload(dynamoDb, deletes);
      String manifest = writeExport(s3, items, deletes, files);
      System.setProperty("aws.endpointUrlDynamoDb", moto.endpoint());
      System.setProperty("aws.endpointUrlS3", moto.endpoint());
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
      report.line(
          "replay: %,d changed items (%,d puts of new items, %,d deletes) in %d data files;"
              + " %d shards run at once (Job parallelism %d), write ceiling %s; against moto"
              + " (DynamoDB and S3) on this machine; %s",
          items,
          items - deletes,
          deletes,
          files,
          shards,
          shards,
          ceiling == 0 ? "none" : ceiling + "/s per pod",
          Report.load());

      ReplayRequest request =
          new ReplayRequest(
              "bench",
              "bench",
              "bench",
              UID,
              1,
              BUCKET,
              null,
              manifest,
              TABLE,
              Moto.REGION,
              null,
              shards,
              ceiling == 0 ? null : ceiling);
      ExecutorService pods = Executors.newFixedThreadPool(shards);
      long started = System.nanoTime();
      List<Future<String>> runs = new ArrayList<>();
      for (int shard = 0; shard < shards; shard++) {
        Map<String, String> env = Map.of("JOB_COMPLETION_INDEX", Integer.toString(shard));
        runs.add(
            pods.submit(
                () -> {
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                  int exit = ReplayCommand.run(request.args(), env, print, print);
                  String text = out.toString(StandardCharsets.UTF_8);
                  if (exit != 0) {
                    throw new IllegalStateException("exit " + exit + ": " + text);
                  }
                  return text.lines().filter(l -> l.startsWith("replay done")).findFirst().orElse("");
                }));
      }
      for (Future<String> run : runs) {
        report.line("  %s", run.get());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      pods.shutdown();
      int count =
          dynamoDb.scanPaginator(s -> s.tableName(TABLE).select(Select.COUNT)).stream()
              .mapToInt(p -> p.count())
              .sum();
      report.line(
          "replay: %,d writes in %.1f s: %,.0f writes/s over %d pods; the table holds %,d items"
              + " (expected %,d)",
          items,
          seconds,
          items / seconds,
          shards,
          count,
          items - deletes);
      if (count != items - deletes) {
        throw new IllegalStateException("the table holds " + count + " items");
      }
    }
  }

  /** The items the export's deletes remove, written by the bench beforehand (not timed). */
  private static void preload(DynamoDbClient dynamoDb, int n) {
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, AttributeValue> old = item("old-" + i);
      batch.add(WriteRequest.builder().putRequest(p -> p.item(old)).build());
      if (batch.size() == 25 || i == n - 1) {
        List<WriteRequest> send = List.copyOf(batch);
        dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, send)));
        batch.clear();
      }
    }
  }

  private static Map<String, AttributeValue> item(String id) {
    return Map.of(
        "id", AttributeValue.fromS(id),
        "payload", AttributeValue.fromS("x".repeat(150)),
        "n", AttributeValue.fromN("42"));
  }

  /** The export's data files and manifest in S3; returns the manifest's key. */
  private static String writeExport(S3Client s3, int items, int deletes, int files)
      throws IOException {
    List<StringBuilder> texts = new ArrayList<>();
    int[] counts = new int[files];
    for (int f = 0; f < files; f++) {
      texts.add(new StringBuilder());
    }
    String payload = "x".repeat(150);
    for (int i = 0; i < items; i++) {
      int f = i % files;
      String line =
          i < deletes
              ? "{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1\"}},\"Keys\":{\"id\":{\"S\":\"old-%d\"}},\"OldImage\":{\"id\":{\"S\":\"old-%d\"}}}"
                  .formatted(i, i)
              : ("{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1\"}},\"Keys\":{\"id\":{\"S\":\"new-%d\"}},"
                      + "\"NewImage\":{\"id\":{\"S\":\"new-%d\"},\"payload\":{\"S\":\"%s\"},\"n\":{\"N\":\"%d\"}}}")
                  .formatted(i, i, payload, i);
      texts.get(f).append(line).append('\n');
      counts[f]++;
    }
    String root = "bench/AWSDynamoDB/";
    StringBuilder manifest = new StringBuilder();
    for (int f = 0; f < files; f++) {
      byte[] gz = gzip(texts.get(f).toString());
      String key = root + "data/bench" + f + ".json.gz";
      s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(gz));
      manifest
          .append("{\"itemCount\":")
          .append(counts[f])
          .append(",\"md5Checksum\":\"")
          .append(md5(gz))
          .append("\",\"etag\":\"e\",\"dataFileS3Key\":\"")
          .append(key)
          .append("\"}\n");
    }
    String manifestKey = root + "01770000000000-bench0001/manifest-files.json";
    s3.putObject(
        b -> b.bucket(BUCKET).key(manifestKey),
        RequestBody.fromString(manifest.toString(), StandardCharsets.UTF_8));
    return manifestKey;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String md5(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
