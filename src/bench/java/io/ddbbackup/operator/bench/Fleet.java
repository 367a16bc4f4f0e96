package io.ddbbackup.operator.bench;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.DynamoDBBackupScheduleSpec;
import io.ddbbackup.operator.api.RetentionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Creates many schedules on the API server from several threads, as kubectl apply -f would. */
final class Fleet {

  static final int THREADS = 8;

  private Fleet() {}

  static String name(int i) {
    return "s-%05d".formatted(i);
  }

  /** A schedule of {@code table} on {@code cron} (UTC), with keepLast when {@code keepLast > 0}. */
  static DynamoDBBackupScheduleSpec spec(String table, String cron, int keepLast) {
    DynamoDBBackupScheduleSpec spec = new DynamoDBBackupScheduleSpec();
    spec.setTableName(table);
    spec.setSchedule(cron);
    spec.setTimeZone("UTC");
    if (keepLast > 0) {
      RetentionSpec retention = new RetentionSpec();
      retention.setKeepLast(keepLast);
      spec.setRetention(retention);
    }
    return spec;
  }

  /** Creates schedules 0..count-1 in {@code namespace}; returns how long it took. */
  static Duration create(
      KubernetesClient admin,
      String namespace,
      int count,
      IntFunction<DynamoDBBackupScheduleSpec> specOf)
      throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = first; i < count; i += THREADS) {
                    DynamoDBBackupSchedule s = new DynamoDBBackupSchedule();
                    s.setMetadata(
                        new ObjectMetaBuilder().withName(name(i)).withNamespace(namespace).build());
                    s.setSpec(specOf.apply(i));
                    admin.resource(s).create();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
