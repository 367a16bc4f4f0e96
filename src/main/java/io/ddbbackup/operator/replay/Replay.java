package io.ddbbackup.operator.replay;

import io.ddbbackup.operator.quota.RateLimiter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * One shard of one incremental export written into one table: the target checked (ACTIVE, tagged as
 * the restore's), the manifest read, each of the shard's data files read and checked (its
 * md5Checksum and itemCount), its lines turned into puts and deletes and written in batches, with
 * UnprocessedItems and throttling retried under {@link Backoff} and the writes held under an
 * optional ceiling. Every write is a final image or a delete, so running a shard again (after a
 * killed pod) gives the same table.
 */
public final class Replay {

  /**
   * What to replay.
   *
   * @param manifestKey the key of the export's {@code manifest-files.json}
   * @param table the target table's name (for messages)
   * @param ownerTag the tag the table must carry
   * @param ownerUid the value it must have: the restore's uid
   * @param shard this pod's shard, 0-based
   * @param shards how many shards the files are spread over
   * @param maxWritesPerSecond a ceiling on item writes per second, or null for none
   */
  public record Plan(
      String manifestKey,
      String table,
      String ownerTag,
      String ownerUid,
      int shard,
      int shards,
      Integer maxWritesPerSecond) {
    public Plan {
      Objects.requireNonNull(manifestKey, "manifestKey");
      Objects.requireNonNull(ownerUid, "ownerUid");
      if (shards < 1 || shard < 0 || shard >= shards) {
        throw new IllegalArgumentException("shard must be in 0..shards-1");
      }
    }
  }

  /** What one run did. */
  public record Summary(int files, long puts, long deletes) {
    public long writes() {
      return puts + deletes;
    }
  }

  /** How the replay waits and reads time: the real ones in the command, fakes in tests. */
  public record Time(LongSupplier nanoTime, RateLimiter.Sleeper sleeper, DoubleSupplier random) {}

  private final ReplaySource source;
  private final ReplayTable target;
  private final Backoff backoff;
  private final Time time;
  private final Consumer<String> log;

  public Replay(
      ReplaySource source, ReplayTable target, Backoff backoff, Time time, Consumer<String> log) {
    this.source = source;
    this.target = target;
    this.backoff = backoff;
    this.time = time;
    this.log = log;
  }

  /**
   * Runs the plan.
   *
   * @throws ReplayFailure why it stopped; its exit code says whether to run it again
   * @throws InterruptedException when the thread was interrupted while waiting
   */
  public Summary run(Plan plan) throws InterruptedException {
    checkTarget(plan);
    byte[] manifestBytes =
        source
            .object(plan.manifestKey())
            .orElseThrow(
                () ->
                    new ReplayFailure(
                        ReplayFailure.Kind.REFUSED,
                        "the manifest "
                            + plan.manifestKey()
                            + " is not in the bucket: --manifest must be the key of an"
                            + " incremental export's manifest-files.json"));
    List<DataFile> files =
        DataFile.ofShard(
            DataFile.parseManifest(
                new String(manifestBytes, StandardCharsets.UTF_8), plan.manifestKey()),
            plan.shard(),
            plan.shards());
    RateLimiter ceiling =
        plan.maxWritesPerSecond() == null
            ? null
            // a batch's worth may be stored: the time a BatchWriteItem takes earns permits for the
            // next, else every call's round trip would come on top of the ceiling's pace
            : new RateLimiter(
                plan.maxWritesPerSecond(), Batches.MAX, time.nanoTime(), time.sleeper());
    long puts = 0;
    long deletes = 0;
    for (DataFile file : files) {
      List<Change> changes = read(file);
      for (List<Change> batch : Batches.of(changes)) {
        write(batch, ceiling, file);
      }
      long filePuts = changes.stream().filter(c -> !c.isDelete()).count();
      puts += filePuts;
      deletes += changes.size() - filePuts;
      log.accept(
          "replayed "
              + file.key()
              + ": "
              + filePuts
              + " put, "
              + (changes.size() - filePuts)
              + " deleted");
    }
    return new Summary(files.size(), puts, deletes);
  }

  /** ACTIVE and tagged as the restore's, before anything is written. */
  private void checkTarget(Plan plan) {
    String status =
        target
            .status()
            .orElseThrow(
                () ->
                    new ReplayFailure(
                        ReplayFailure.Kind.REFUSED,
                        "table "
                            + plan.table()
                            + " does not exist; the replay writes only into the restore's own"
                            + " table, made by its import"));
    if (!status.equals("ACTIVE")) {
      throw new ReplayFailure(
          ReplayFailure.Kind.NOT_READY,
          "table " + plan.table() + " is " + status + ", not ACTIVE; run again once it is");
    }
    Map<String, String> tags = target.tags();
    String owner = tags.get(plan.ownerTag());
    if (!plan.ownerUid().equals(owner)) {
      throw new ReplayFailure(
          ReplayFailure.Kind.REFUSED,
          "table "
              + plan.table()
              + (owner == null
                  ? " has no tag " + plan.ownerTag()
                  : " is tagged " + plan.ownerTag() + "=" + owner)
              + ", not "
              + plan.ownerTag()
              + "="
              + plan.ownerUid()
              + ": it is not this restore's table, and the replay writes no other");
    }
  }

  /** The file's changes, after its md5Checksum and itemCount are found right. */
  private List<Change> read(DataFile file) {
    byte[] gz =
        source
            .object(file.key())
            .orElseThrow(
                () ->
                    new ReplayFailure(
                        ReplayFailure.Kind.BAD_DATA,
                        "the data file "
                            + file.key()
                            + " listed in the manifest is not in the bucket"));
    String md5 = md5Base64(gz);
    if (!md5.equals(file.md5Checksum())) {
      throw new ReplayFailure(
          ReplayFailure.Kind.BAD_DATA,
          file.key()
              + " has MD5 "
              + md5
              + ", its manifest says "
              + file.md5Checksum()
              + ": not replayed (the object is not the one the export wrote)");
    }
    String text = new String(gunzip(gz, file), StandardCharsets.UTF_8);
    List<Change> changes = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      if (!line.isBlank()) {
        changes.add(Change.parse(line, "line " + lineNumber + " of " + file.key()));
      }
    }
    if (changes.size() != file.itemCount()) {
      throw new ReplayFailure(
          ReplayFailure.Kind.BAD_DATA,
          file.key()
              + " holds "
              + changes.size()
              + " lines, its manifest says itemCount "
              + file.itemCount()
              + ": not replayed");
    }
    return changes;
  }

  /**
   * One batch until DynamoDB has taken all of it, or {@link Backoff#attempts()} fruitless tries.
   */
  private void write(List<Change> batch, RateLimiter ceiling, DataFile file)
      throws InterruptedException {
    List<Change> pending = batch;
    int fruitless = 0;
    while (!pending.isEmpty()) {
      if (ceiling != null) {
        for (int i = 0; i < pending.size(); i++) {
          ceiling.acquire();
        }
      }
      ReplayFailure failure = null;
      List<Change> left;
      try {
        left = target.write(pending);
      } catch (ReplayFailure e) {
        if (!e.kind().retriedInPlace()) {
          throw e;
        }
        failure = e;
        left = pending;
      }
      if (left.isEmpty()) {
        return;
      }
      fruitless = left.size() < pending.size() ? 0 : fruitless + 1;
      if (fruitless > backoff.attempts()) {
        throw failure != null
            ? new ReplayFailure(
                failure.kind(),
                failure.getMessage()
                    + " (still failing after "
                    + backoff.attempts()
                    + " retries; "
                    + file.key()
                    + " is replayed again when the pod runs again)")
            : new ReplayFailure(
                ReplayFailure.Kind.THROTTLED,
                "DynamoDB left "
                    + left.size()
                    + " writes unprocessed "
                    + (backoff.attempts() + 1)
                    + " times in a row (throttled to the end); "
                    + file.key()
                    + " is replayed again when the pod runs again");
      }
      time.sleeper().sleepNanos(backoff.delayNanos(Math.max(fruitless - 1, 0), time.random()));
      pending = left;
    }
  }

  static String md5Base64(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  private static byte[] gunzip(byte[] gz, DataFile file) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(gz.length * 4);
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new ReplayFailure(
          ReplayFailure.Kind.BAD_DATA, file.key() + " is not gzip: " + e.getMessage());
    }
  }
}
