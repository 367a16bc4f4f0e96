package io.ddbbackup.operator.reconciler.schedule;

import io.ddbbackup.operator.backup.TableTarget;
import io.ddbbackup.operator.restore.BackupDetails;
import io.ddbbackup.operator.restore.DrillChecks;
import io.ddbbackup.operator.restore.KeyValue;
import io.ddbbackup.operator.restore.Table;
import io.ddbbackup.operator.restore.TableStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a drill's checks off the reconcile threads: a COUNT scan reads the whole scratch table and
 * may take minutes, and a reconcile thread must be free for the next slot. The reconcile asks for
 * the verdict again until it is there; a check lost with the process is simply run again.
 */
public final class DrillChecker {

  private final Executor executor;
  private final Map<String, CompletableFuture<DrillChecks.Verdict>> running =
      new ConcurrentHashMap<>();

  DrillChecker(Executor executor) {
    this.executor = executor;
  }

  /** Two daemon threads of their own. */
  public static DrillChecker inBackground() {
    AtomicInteger threads = new AtomicInteger();
    return new DrillChecker(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "drill-checks-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            }));
  }

  /** In the asking thread, before returning: for tests. */
  public static DrillChecker inCallerThread() {
    return new DrillChecker(Runnable::run);
  }

  /** What the checks judge the scratch table against, once it is counted and looked up. */
  interface Judge {
    DrillChecks.Verdict judge(Table restored, long counted, List<String> missingKeys);
  }

  /**
   * The verdict on the scratch table restored from a backup, against DescribeBackup's record of the
   * source; see {@link #verdict(TableStore, TableTarget, VerifySettings, Judge)}.
   */
  Optional<DrillChecks.Verdict> verdict(
      TableStore tables, TableTarget scratch, BackupDetails source, VerifySettings verify) {
    return verdict(
        tables,
        scratch,
        verify,
        (restored, counted, missing) ->
            DrillChecks.judge(source, restored, counted, missing, verify.tolerancePercent()));
  }

  /**
   * The verdict on the scratch table, once the checks are done; empty while they run (started on
   * the first ask). An AWS failure in the checks is thrown here, and the next ask starts again.
   */
  Optional<DrillChecks.Verdict> verdict(
      TableStore tables, TableTarget scratch, VerifySettings verify, Judge judge) {
    CompletableFuture<DrillChecks.Verdict> checks =
        running.computeIfAbsent(
            scratch.table(),
            t ->
                CompletableFuture.supplyAsync(
                    () -> check(tables, scratch, verify, judge), executor));
    if (!checks.isDone()) {
      return Optional.empty();
    }
    running.remove(scratch.table());
    try {
      return Optional.of(checks.join());
    } catch (CompletionException e) {
      // the checks' own failure (an AWS call), as the caller catches it
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Forgets checks under way for a scratch table that is going away. */
  void forget(String scratchTable) {
    running.remove(scratchTable);
  }

  private static DrillChecks.Verdict check(
      TableStore tables, TableTarget scratch, VerifySettings verify, Judge judge) {
    Table restored =
        tables
            .describe(scratch)
            .orElseThrow(() -> new IllegalStateException(scratch.table() + " is gone"));
    long counted = tables.countItems(scratch);
    List<String> missing = new ArrayList<>();
    for (Map<String, String> key : verify.sampleKeys()) {
      Map<String, KeyValue> typed = new LinkedHashMap<>();
      String notAKey = null;
      for (var attribute : key.entrySet()) {
        String type = restored.attributeTypes().get(attribute.getKey());
        if (type == null) {
          notAKey = attribute.getKey();
        }
        typed.put(attribute.getKey(), new KeyValue(type, attribute.getValue()));
      }
      if (notAKey != null) {
        missing.add(key + " (" + notAKey + " is not a key attribute of the table)");
      } else if (!tables.hasItem(scratch, typed)) {
        missing.add(key.toString());
      }
    }
    return judge.judge(restored, counted, missing);
  }
}
