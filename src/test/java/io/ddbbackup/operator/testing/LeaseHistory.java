package io.ddbbackup.operator.testing;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who held a Lease when, as the API server recorded it: every version of the Lease a watch saw,
 * with the holder and the times the holder wrote into it (acquireTime when it took the Lease,
 * renewTime when it last renewed). The test's judge of leadership, apart from what any operator
 * process says of itself.
 */
public final class LeaseHistory implements AutoCloseable {

  /** One version of the Lease. */
  public record Version(String holder, Instant acquired, Instant renewed, Instant seen) {}

  private final List<Version> versions = new ArrayList<>();
  private final Watch watch;

  LeaseHistory(KubernetesClient client, String namespace, String name) {
    watch =
        client
            .leases()
            .inNamespace(namespace)
            .withName(name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Lease lease) {
                    record(lease);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    // the version before the watch began, if the Lease exists already
    Lease now = client.leases().inNamespace(namespace).withName(name).get();
    if (now != null) {
      record(now);
    }
  }

  private synchronized void record(Lease lease) {
    if (lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null) {
      return;
    }
    var spec = lease.getSpec();
    versions.add(
        new Version(
            spec.getHolderIdentity(),
            spec.getAcquireTime() == null ? null : spec.getAcquireTime().toInstant(),
            spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant(),
            Instant.now()));
  }

  public synchronized List<Version> versions() {
    return List.copyOf(versions);
  }

  /** The holder now, as last seen. */
  public synchronized Optional<String> holder() {
    return versions.isEmpty()
        ? Optional.empty()
        : Optional.of(versions.get(versions.size() - 1).holder());
  }

  /**
   * When {@code holder} took the Lease over from someone else for the first time after {@code
   * after}: the acquireTime it wrote.
   */
  public synchronized Optional<Instant> takenOverBy(String holder, Instant after) {
    return versions.stream()
        .filter(v -> v.holder().equals(holder) && v.acquired() != null)
        .map(Version::acquired)
        .filter(t -> t.isAfter(after))
        .findFirst();
  }

  /**
   * Who held the Lease at {@code at}: the holder whose acquireTime is the latest not after it;
   * empty before the first.
   */
  public synchronized Optional<String> holderAt(Instant at) {
    String holder = null;
    Instant since = null;
    for (Version v : versions) {
      if (v.acquired() != null
          && !v.acquired().isAfter(at)
          && (since == null || !v.acquired().isBefore(since))) {
        holder = v.holder();
        since = v.acquired();
      }
    }
    return Optional.ofNullable(holder);
  }

  @Override
  public void close() {
    watch.close();
  }
}
