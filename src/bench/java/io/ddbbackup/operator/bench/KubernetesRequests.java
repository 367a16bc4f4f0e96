package io.ddbbackup.operator.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request the operator's fabric8 client sends, by method and by what it touches
 * (schedule status, schedule itself, events, other), so writes are counted where they leave the
 * process rather than where our code thinks it made them.
 */
final class KubernetesRequests implements Interceptor {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  // GETs of a whole collection (LIST), by what they list; also counted among the GETs above
  private final Map<String, LongAdder> lists = new ConcurrentHashMap<>();
  private final Map<java.util.UUID, Long> started = new ConcurrentHashMap<>();
  private final java.util.Queue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String path = request.uri().getPath();
    String what;
    if (path.contains("/dynamodbbackuppolicies")) {
      what = path.endsWith("/status") ? "policy/status" : "policy";
    } else if (path.contains("/dynamodbbackupschedules")) {
      what = path.endsWith("/status") ? "schedule/status" : "schedule";
    } else if (path.contains("/events")) {
      what = "event";
    } else if (path.contains("/leases")) {
      what = "lease";
    } else {
      what = "other";
    }
    String query = request.uri().getQuery();
    boolean watch = query != null && query.contains("watch");
    // a policy's schedules are written after a dry run of the same write (docs/policies.md)
    boolean dryRun = query != null && query.contains("dryRun");
    String key = request.method() + " " + what + (watch ? " (watch)" : dryRun ? " (dry run)" : "");
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    if (!watch
        && request.method().equals("GET")
        && (path.endsWith("/dynamodbbackupschedules") || path.endsWith("/dynamodbbackuppolicies"))) {
      lists.computeIfAbsent(what, k -> new LongAdder()).increment();
    }
    if (!watch) {
      started.put(request.id(), System.nanoTime());
    }
  }

  @Override
  public void after(
      HttpRequest request,
      io.fabric8.kubernetes.client.http.HttpResponse<?> response,
      io.fabric8.kubernetes.client.http.AsyncBody.Consumer<List<java.nio.ByteBuffer>> consumer) {
    Long start = started.remove(request.id());
    if (start != null) {
      latencies.add((System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Milliseconds from sending to the response headers, for requests since the last reset. */
  String latency() {
    List<Long> sorted = new java.util.ArrayList<>(latencies);
    sorted.sort(null);
    return "n=%d p50 %d ms, p99 %d ms, max %d ms"
        .formatted(
            sorted.size(),
            Report.percentile(sorted, 50),
            Report.percentile(sorted, 99),
            sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
  }

  /** Requests that change something: every method but GET. */
  long writes() {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("GET"))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  long count(String key) {
    LongAdder a = counts.get(key);
    return a == null ? 0 : a.sum();
  }

  /** LISTs (GETs of a collection, no watch) of {@code what}: "schedule" or "policy". */
  long lists(String what) {
    LongAdder a = lists.get(what);
    return a == null ? 0 : a.sum();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  void reset() {
    latencies.clear();
    counts.values().forEach(LongAdder::reset);
    lists.values().forEach(LongAdder::reset);
  }
}
