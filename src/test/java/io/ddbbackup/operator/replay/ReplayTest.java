package io.ddbbackup.operator.replay;

import static io.ddbbackup.operator.replay.FakeExport.delete;
import static io.ddbbackup.operator.replay.FakeExport.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The replay of one shard against an export in memory and a table in memory: the table ends as the
 * test computes from the lines it wrote, whatever DynamoDB leaves unprocessed or throttles, and a
 * file that is not the export's, or a table that is not the restore's, is never written.
 */
class ReplayTest {

  private static final String UID = "5f1c2a7e-0000-4000-8000-000000000001";
  private static final String TAG = "ddbbackup.io/restore-uid";

  private final FakeExport export = new FakeExport();
  private final FakeTable table = new FakeTable();
  private final List<Long> sleeps = new ArrayList<>();
  private long fakeNanos;

  {
    table.tags.put(TAG, UID);
  }

  private Replay replay(Backoff backoff) {
    Replay.Time time =
        new Replay.Time(
            () -> fakeNanos,
            nanos -> {
              sleeps.add(nanos);
              fakeNanos += nanos;
            },
            () -> 0.999999);
    return new Replay(export, table, backoff, time, line -> {});
  }

  private Replay.Summary run(int shard, int shards) throws InterruptedException {
    return replay(Backoff.defaults()).run(plan(shard, shards, null));
  }

  private static Replay.Plan plan(int shard, int shards, Integer ceiling) {
    return new Replay.Plan(
        FakeExport.MANIFEST, "orders-restored", TAG, UID, shard, shards, ceiling);
  }

  // ---- the pure rules ----

  @Test
  void aLineWithANewImagePutsItAndALineWithoutOneDeletesByKeys() {
    Change put = Change.parse(put("a", "new"), "line 1");
    Change delete = Change.parse(delete("b"), "line 2");

    assertThat(put.isDelete()).isFalse();
    assertThat(put.newImage().get("v").get("S").asText()).isEqualTo("new");
    assertThat(delete.isDelete()).isTrue();
    assertThat(delete.keys().get("id").get("S").asText()).isEqualTo("b");
    assertThat(
            Change.parse("{\"Keys\":{\"k\":{\"N\":\"1\"},\"id\":{\"S\":\"a\"}}}", "x").identity())
        .isEqualTo(
            Change.parse("{\"Keys\":{\"id\":{\"S\":\"a\"},\"k\":{\"N\":\"1\"}}}", "x").identity());
  }

  @Test
  void aFullExportLineOrGarbageIsRefusedNamingTheLine() {
    assertThatThrownBy(() -> Change.parse("{\"Item\":{\"id\":{\"S\":\"a\"}}}", "line 3 of f"))
        .isInstanceOf(ReplayFailure.class)
        .hasMessageContaining("line 3 of f")
        .hasMessageContaining("--manifest");
    assertThatThrownBy(() -> Change.parse("not json", "line 4 of f"))
        .hasMessageContaining("line 4 of f is not JSON");
  }

  @Test
  void eachFileBelongsToExactlyOneShardAndFileIGoesToShardIModN() {
    List<DataFile> files =
        IntStream.range(0, 7).mapToObj(i -> new DataFile(i, "f" + i, 1, "m")).toList();
    Set<String> seen = new HashSet<>();
    for (int shard = 0; shard < 3; shard++) {
      for (DataFile f : DataFile.ofShard(files, shard, 3)) {
        assertThat(seen.add(f.key())).as(f.key() + " in two shards").isTrue();
        assertThat(Integer.parseInt(f.key().substring(1)) % 3).isEqualTo(shard);
      }
    }
    assertThat(seen).hasSize(7);
    assertThat(DataFile.ofShard(files, 0, 1)).isEqualTo(files);
    assertThat(DataFile.ofShard(files, 7, 8)).as("more shards than files").isEmpty();
  }

  @Test
  void batchesHoldAtMostTwentyFiveAndNeverOneItemTwiceKeepingOrder() {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      changes.add(Change.parse(put("k" + i, "v"), "l"));
    }
    assertThat(Batches.of(changes)).extracting(List::size).containsExactly(25, 25, 10);

    List<Change> twice =
        List.of(
            Change.parse(put("a", "1"), "l"),
            Change.parse(put("b", "1"), "l"),
            Change.parse(delete("a"), "l"),
            Change.parse(put("c", "1"), "l"));
    List<List<Change>> batches = Batches.of(twice);
    assertThat(batches).extracting(List::size).containsExactly(2, 2);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(twice);
  }

  @Test
  void backoffIsExponentialWithFullJitterUpToItsCeiling() {
    Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 5);
    assertThat(b.delayNanos(0, () -> 0.5)).isEqualTo(Duration.ofMillis(25).toNanos());
    assertThat(b.delayNanos(3, () -> 0.5)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(b.delayNanos(40, () -> 0.5)).isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(b.delayNanos(2, () -> 0.0)).isZero();
  }

  // ---- the replay ----

  @Test
  void theShardsTogetherLeaveTheTableAsTheLinesSayAndEachWriteIsOneOfTheirs() throws Exception {
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      table.items.put("old" + i, "before");
      expected.put("old" + i, "before");
    }
    for (int f = 0; f < 5; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = f * 40 + i;
        if (n % 4 == 0) {
          lines.add(delete("old" + (n % 100)));
          expected.remove("old" + (n % 100));
        } else {
          lines.add(put("new" + n, "v" + n));
          expected.put("new" + n, "v" + n);
        }
      }
      export.file(lines);
    }
    export.file(List.of());

    long puts = 0;
    long deletes = 0;
    int files = 0;
    for (int shard = 0; shard < 4; shard++) {
      Replay.Summary s = run(shard, 4);
      puts += s.puts();
      deletes += s.deletes();
      files += s.files();
    }

    assertThat(table.items).isEqualTo(expected);
    assertThat(files).isEqualTo(6);
    assertThat(puts).isEqualTo(150);
    assertThat(deletes).isEqualTo(50);
    assertThat(table.batchSizes).allMatch(n -> n <= Batches.MAX);
  }

  @Test
  void unprocessedItemsAreWrittenAgainAfterAGrowingRandomWait() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      lines.add(put("k" + i, "v"));
    }
    export.file(lines);
    table.answers.add(new FakeTable.Answer(0, null)); // nothing processed
    table.answers.add(new FakeTable.Answer(0, null)); // nothing again
    table.answers.add(new FakeTable.Answer(10, null)); // 10 of 25
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 5);

    replay(backoff).run(plan(0, 1, null));

    assertThat(table.items).hasSize(25);
    assertThat(table.batchSizes).containsExactly(25, 25, 25, 15);
    // two fruitless tries: waits up to 100 ms, then up to 200 ms; after progress back to 100 ms
    assertThat(sleeps)
        .containsExactly(
            backoff.delayNanos(0, () -> 0.999999),
            backoff.delayNanos(1, () -> 0.999999),
            backoff.delayNanos(0, () -> 0.999999));
    assertThat(sleeps.get(1)).isGreaterThan(sleeps.get(0));
  }

  @Test
  void throttlingAndUnavailabilityAreRetriedThenSucceed() throws Exception {
    export.file(List.of(put("a", "1"), delete("b")));
    table.items.put("b", "old");
    table.answers.add(
        new FakeTable.Answer(
            0, new ReplayFailure(ReplayFailure.Kind.THROTTLED, "ProvisionedThroughputExceeded")));
    table.answers.add(
        new FakeTable.Answer(0, new ReplayFailure(ReplayFailure.Kind.UNAVAILABLE, "HTTP 500")));

    Replay.Summary s = run(0, 1);

    assertThat(table.items).containsExactly(Map.entry("a", "1"));
    assertThat(s.puts()).isEqualTo(1);
    assertThat(s.deletes()).isEqualTo(1);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void aTableThrottledToTheEndFailsWithExitOneAfterItsRetries() {
    export.file(List.of(put("a", "1")));
    table.throttledForever = true;
    Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 4);

    assertThatThrownBy(() -> replay(backoff).run(plan(0, 1, null)))
        .isInstanceOfSatisfying(
            ReplayFailure.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(1);
              assertThat(e.kind()).isEqualTo(ReplayFailure.Kind.THROTTLED);
            })
        .hasMessageContaining("throttled to the end");
    assertThat(table.batchSizes).hasSize(5);
  }

  @Test
  void aFileWhoseMd5DoesNotMatchItsManifestIsNotWritten() {
    String key = export.file(List.of(put("a", "1")));
    export.objects.put(key, FakeExport.gzip(put("a", "tampered") + "\n"));

    assertThatThrownBy(() -> run(0, 1))
        .isInstanceOfSatisfying(ReplayFailure.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessageContaining(key)
        .hasMessageContaining("MD5");
    assertThat(table.items).isEmpty();
    assertThat(table.batchSizes).isEmpty();
  }

  @Test
  void aFileWithMoreLinesThanItsItemCountIsNotWritten() {
    export.file(List.of(put("a", "1"), put("b", "1")));
    String manifest = new String(export.objects.get(FakeExport.MANIFEST), StandardCharsets.UTF_8);
    export.objects.put(
        FakeExport.MANIFEST,
        manifest.replace("\"itemCount\":2", "\"itemCount\":1").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> run(0, 1))
        .isInstanceOfSatisfying(ReplayFailure.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessageContaining("holds 2 lines")
        .hasMessageContaining("itemCount 1");
    assertThat(table.items).isEmpty();
  }

  @Test
  void aTableNotTaggedAsTheRestoresIsRefusedForGoodAndNotWritten() {
    export.file(List.of(put("a", "1")));
    table.tags.put(TAG, "another-restore");

    assertThatThrownBy(() -> run(0, 1))
        .isInstanceOfSatisfying(ReplayFailure.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("orders-restored")
        .hasMessageContaining(TAG + "=another-restore")
        .hasMessageContaining("not this restore's table");
    table.tags.clear();
    assertThatThrownBy(() -> run(0, 1)).hasMessageContaining("has no tag " + TAG);
    assertThat(table.batchSizes).isEmpty();
  }

  @Test
  void aTableNotActiveIsWorthRetryingAndAMissingManifestIsNot() {
    export.file(List.of(put("a", "1")));
    table.status = "UPDATING";
    assertThatThrownBy(() -> run(0, 1))
        .isInstanceOfSatisfying(ReplayFailure.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessageContaining("is UPDATING, not ACTIVE");

    table.status = "ACTIVE";
    export.objects.remove(FakeExport.MANIFEST);
    assertThatThrownBy(() -> run(0, 1))
        .isInstanceOfSatisfying(ReplayFailure.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining(FakeExport.MANIFEST);
    assertThat(table.batchSizes).isEmpty();
  }

  @Test
  void theCeilingHoldsWritesToTheGivenRateAndNoSlowerWhenEachCallTakesTime() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lines.add(put("k" + i, "v"));
    }
    export.file(lines);
    table.eachCall = () -> fakeNanos += Duration.ofMillis(30).toNanos();

    replay(Backoff.defaults()).run(plan(0, 1, 500));

    assertThat(table.items).hasSize(1000);
    // 1000 writes at 500 a second: one batch may go at once, the other 975 take 1.95 s; the 30 ms
    // each of the 40 calls takes is spent inside that pace, not added to it
    assertThat(Duration.ofNanos(fakeNanos))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1950))
        .isLessThan(Duration.ofMillis(2100));
  }
}
